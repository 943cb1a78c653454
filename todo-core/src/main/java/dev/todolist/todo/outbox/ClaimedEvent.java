package dev.todolist.todo.outbox;

/** An outbox row this relay holds: its id (the user's sequence), owner, attempts so far, and the event's JSON. */
record ClaimedEvent(long id, long userId, int attempts, String payload) {
}
