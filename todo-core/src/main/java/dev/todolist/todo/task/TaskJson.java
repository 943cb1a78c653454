package dev.todolist.todo.task;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A task as clients see it; {@code ID} repeats {@code id} for the existing GUI; times ISO-8601 UTC. */
record TaskJson(long id, @JsonProperty("ID") long upperCaseId, String title, boolean completed,
        @JsonProperty("created_at") String createdAt, @JsonProperty("updated_at") String updatedAt) {

    static TaskJson of(Task task) {
        return new TaskJson(task.id(), task.id(), task.title(), task.completed(), format(task.createdAt()),
                format(task.updatedAt()));
    }

    private static String format(LocalDateTime utc) {
        return DateTimeFormatter.ISO_INSTANT.format(utc.toInstant(ZoneOffset.UTC));
    }
}
