package dev.todolist.notifier.feed;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import dev.todolist.notifier.v1.TaskEvent;

/**
 * What a publishable event looks like; anything else is refused with {@code INVALID_ARGUMENT} and a description
 * that names the field, before the database is touched. The limits are the columns' ({@code V2__notifier_feed.sql}).
 */
final class TaskEvents {

    static final Set<String> TASK_TYPES = Set.of("task.created", "task.updated", "task.deleted");

    static final String BULK_DELETE = "tasks.deleted";

    private static final Set<String> CHANGEABLE = Set.of("title", "completed");

    private static final int MAX_EVENT_ID = 64;

    private static final int MAX_TITLE = 255;

    private static final int MAX_TASK_JSON_BYTES = 16 * 1024;

    private TaskEvents() {
    }

    /** The event as a feed row to insert (id 0, unread), or {@code INVALID_ARGUMENT}. */
    static StoredNotification validate(TaskEvent event) {
        String eventId = event.getEventId();
        require(!eventId.isEmpty() && eventId.length() <= MAX_EVENT_ID
                && eventId.chars().allMatch(c -> c > ' ' && c < 127),
                "event_id must be 1.." + MAX_EVENT_ID + " printable ASCII characters");
        require(event.getUserId() > 0, "user_id must be positive");
        require(event.getSequence() > 0, "sequence must be positive");
        require(event.hasAt() && event.getAt().getSeconds() > 0, "at must be set");
        String type = event.getType();
        if (TASK_TYPES.contains(type)) {
            require(event.hasTaskId() && event.getTaskId() > 0, "task_id must be positive for " + type);
            require(event.hasTitle() && event.getTitle().codePointCount(0, event.getTitle().length()) <= MAX_TITLE,
                    "title must be set and at most " + MAX_TITLE + " characters for " + type);
            require(event.hasCompleted(), "completed must be set for " + type);
            require(!event.hasCount(), "count must be absent for " + type);
            if (type.equals("task.updated")) {
                require(!event.getChangedList().isEmpty() && CHANGEABLE.containsAll(event.getChangedList())
                        && Set.copyOf(event.getChangedList()).size() == event.getChangedCount(),
                        "changed must list title and/or completed, each once, for task.updated");
            }
            else {
                require(event.getChangedList().isEmpty(), "changed must be empty for " + type);
            }
        }
        else if (type.equals(BULK_DELETE)) {
            require(!event.hasTaskId() && !event.hasTitle() && !event.hasCompleted(),
                    "task_id, title and completed must be absent for " + BULK_DELETE);
            require(event.hasCount() && event.getCount() > 0, "count must be set and positive for " + BULK_DELETE);
            require(event.getChangedList().isEmpty(), "changed must be empty for " + BULK_DELETE);
        }
        else {
            throw invalid("type must be one of task.created, task.updated, task.deleted, tasks.deleted");
        }
        require(!event.hasTaskJson() || event.getTaskJson().getBytes(StandardCharsets.UTF_8).length <= MAX_TASK_JSON_BYTES,
                "task_json must be at most " + MAX_TASK_JSON_BYTES + " bytes");
        // the column keeps microseconds
        Instant at = Instant.ofEpochSecond(event.getAt().getSeconds(), event.getAt().getNanos())
            .truncatedTo(ChronoUnit.MICROS);
        return new StoredNotification(0, event.getUserId(), type, event.hasTaskId() ? event.getTaskId() : null,
                event.hasTitle() ? event.getTitle() : null, event.hasCompleted() ? event.getCompleted() : null,
                List.copyOf(event.getChangedList()), event.hasCount() ? event.getCount() : null, at, false,
                event.hasTaskJson() ? event.getTaskJson() : null);
    }

    private static void require(boolean condition, String description) {
        if (!condition) {
            throw invalid(description);
        }
    }

    static StatusRuntimeException invalid(String description) {
        return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
    }
}
