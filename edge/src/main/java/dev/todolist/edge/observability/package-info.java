/**
 * What the edge tells its operators: the meters that are its own (auth outcomes, problem answers, the revocation
 * check) with their names in one place, and one log line per refused request. Requests, the proxy's WebClient,
 * JVM and pools are Micrometer's own observations and binders.
 */
@NullMarked
package dev.todolist.edge.observability;

import org.jspecify.annotations.NullMarked;
