package dev.todolist.todo.outbox;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One committed change of a task, as the outbox stores it (JSON) and the relay publishes it: the fields of the
 * contract's notification, plus the task as {@code GET /tasks/{id}} shows it ({@code null} after a delete).
 *
 * @param type {@code task.created}, {@code task.updated}, {@code task.deleted} or {@code tasks.deleted}
 * @param changed what a {@code task.updated} changed ({@code title}, {@code completed}); empty for the others
 * @param count the number of tasks a {@code tasks.deleted} removed; {@code null} for the others
 * @param at the commit time
 * @param taskJson the task as JSON text after the change; {@code null} after a delete
 */
public record TaskEvent(@JsonProperty("event_id") String eventId, @JsonProperty("user_id") long userId, String type,
        @JsonProperty("task_id") @Nullable Long taskId, @Nullable String title, @Nullable Boolean completed,
        List<String> changed, @Nullable Long count, Instant at, @JsonProperty("task_json") @Nullable String taskJson) {

    public static final String CREATED = "task.created";

    public static final String UPDATED = "task.updated";

    public static final String DELETED = "task.deleted";

    public static final String BULK_DELETED = "tasks.deleted";

    public TaskEvent {
        changed = List.copyOf(changed);
    }
}
