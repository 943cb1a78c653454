package dev.todolist.todo.task;

import org.jspecify.annotations.Nullable;

/** A validated partial update: each field is {@code null} when the request left it alone, never both. */
record TaskChanges(@Nullable String title, @Nullable Boolean completed) {
}
