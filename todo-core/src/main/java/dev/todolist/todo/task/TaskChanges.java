package dev.todolist.todo.task;

/** A validated partial update: each field is {@code null} when the request left it alone, never both. */
record TaskChanges(String title, Boolean completed) {
}
