package dev.todolist.todo.outbox;

import org.jspecify.annotations.Nullable;

/**
 * An outbox row this relay holds: its id (the user's sequence), owner, attempts so far, the event's JSON, and the
 * {@code traceparent} of the request that wrote it (null when it was not traced).
 */
record ClaimedEvent(long id, long userId, int attempts, String payload, @Nullable String traceparent) {
}
