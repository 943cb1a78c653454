package dev.todolist.todo.task;

import reactor.core.publisher.Mono;

/**
 * Database work that, once started, runs to its end whatever the HTTP side does. Measured here: when a query's row
 * demand was cancelled mid-result (a load generator stopping, a closed tab, an edge timing out), r2dbc-mysql behind
 * r2dbc-pool left connections that the pool handed out again but that never ran another query; after a few hundred
 * such clients every request hung ({@code scripts/disconnect-soak.sh} reproduces it in seconds). So a query is
 * never cancelled: a client that leaves stops the writing, not the query. Listings are read in bounded pages
 * ({@link ListingPage}), each of them run to completion like a single-row statement.
 */
final class RunToCompletion {

    private RunToCompletion() {
    }

    /** The request's Reactor context (its observation: trace, log correlation) goes along with the work. */
    static <T> Mono<T> one(Mono<T> work) {
        return Mono.deferContextual(context -> Mono.fromFuture(work.contextWrite(context).toFuture(), true));
    }
}
