/**
 * The notification feed ({@code /notifications}, {@code /notifications/unread-count}, {@code /notifications/read}),
 * read from the notifier over gRPC behind a circuit breaker.
 */
@NullMarked
package dev.todolist.edge.notification;

import org.jspecify.annotations.NullMarked;
