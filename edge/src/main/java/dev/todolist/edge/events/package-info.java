/**
 * The live event stream, {@code GET /events}: the caller's notifications as Server-Sent Events, fed by the
 * notifier's Subscribe call, ended when the access token expires or its session ends, or when the notifier goes
 * away.
 */
@NullMarked
package dev.todolist.edge.events;

import org.jspecify.annotations.NullMarked;
