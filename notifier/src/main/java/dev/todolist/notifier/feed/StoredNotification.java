package dev.todolist.notifier.feed;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.google.protobuf.Timestamp;

import dev.todolist.notifier.v1.Notification;

/** One row of a user's feed, as stored. */
record StoredNotification(long id, long userId, String type, @Nullable Long taskId, @Nullable String title,
        @Nullable Boolean completed, List<String> changed, @Nullable Integer count, Instant at, boolean read,
        @Nullable String taskJson) {

    Notification toMessage() {
        Notification.Builder message = Notification.newBuilder()
            .setId(NotificationIds.format(id))
            .setType(type)
            .addAllChanged(changed)
            .setAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()))
            .setRead(read);
        if (taskId != null) {
            message.setTaskId(taskId);
        }
        if (title != null) {
            message.setTitle(title);
        }
        if (completed != null) {
            message.setCompleted(completed);
        }
        if (count != null) {
            message.setCount(count);
        }
        if (taskJson != null) {
            message.setTaskJson(taskJson);
        }
        return message.build();
    }
}
