/**
 * The transactional outbox: every committed change of a task leaves one event row, written in the change's own
 * transaction ({@link dev.todolist.todo.outbox.Outbox}); the relay publishes pending rows to the notifier.
 */
@NullMarked
package dev.todolist.todo.outbox;

import org.jspecify.annotations.NullMarked;
