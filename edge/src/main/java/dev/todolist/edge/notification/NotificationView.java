package dev.todolist.edge.notification;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import dev.todolist.notifier.v1.Notification;

/**
 * A notification as the contract shows it: every field present, {@code null} where the type has none, {@code at}
 * in ISO-8601 UTC with whole seconds.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NotificationView(String id, String type, @JsonProperty("task_id") @Nullable Long taskId, @Nullable String title,
        @Nullable Boolean completed, List<String> changed, @Nullable Integer count, String at, boolean read) {

    public static NotificationView of(Notification notification) {
        return new NotificationView(notification.getId(), notification.getType(),
                notification.hasTaskId() ? notification.getTaskId() : null,
                notification.hasTitle() ? notification.getTitle() : null,
                notification.hasCompleted() ? notification.getCompleted() : null,
                List.copyOf(notification.getChangedList()),
                notification.hasCount() ? notification.getCount() : null,
                Instant.ofEpochSecond(notification.getAt().getSeconds()).truncatedTo(ChronoUnit.SECONDS).toString(),
                notification.getRead());
    }
}
