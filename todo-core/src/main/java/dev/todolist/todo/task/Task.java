package dev.todolist.todo.task;

import java.time.LocalDateTime;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A row of {@code tasks}; times are UTC, whole seconds. */
@Table("tasks")
record Task(@Id @Nullable Long id, long userId, String title, boolean completed, LocalDateTime createdAt,
        LocalDateTime updatedAt) {
}
