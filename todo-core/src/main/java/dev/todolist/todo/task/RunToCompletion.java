package dev.todolist.todo.task;

import org.reactivestreams.Subscription;

import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Database work that, once started, runs to its end whatever the HTTP side does. Measured here: when a listing's
 * row demand followed the HTTP response's backpressure and clients went away mid-response (a load generator
 * stopping, a closed tab, an edge timing out), r2dbc-mysql behind r2dbc-pool left connections that the pool handed
 * out again but that never ran another query; after a few hundred such clients every request hung
 * ({@code scripts/disconnect-soak.sh} reproduces it in seconds). So the driver always gets unbounded demand: the
 * rows are read as fast as the database sends them and written to the client as they come (streamed, not
 * collected first; held in memory only while the client is slower than the database, bounded by the result), and
 * a client that leaves stops the writing, not the query. Single-row work completes even when cancelled.
 */
final class RunToCompletion {

    private RunToCompletion() {
    }

    static <T> Mono<T> one(Mono<T> work) {
        return Mono.defer(() -> Mono.fromFuture(work.toFuture(), true));
    }

    static <T> Flux<T> all(Flux<T> rows) {
        return Flux.create(sink -> rows.subscribe(new BaseSubscriber<T>() {

            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                requestUnbounded(); // Flux.create buffers for a slower client
            }

            @Override
            protected void hookOnNext(T row) {
                if (!sink.isCancelled()) { // the client left: read on, write nothing
                    sink.next(row);
                }
            }

            @Override
            protected void hookOnComplete() {
                sink.complete();
            }

            @Override
            protected void hookOnError(Throwable error) {
                sink.error(error);
            }
        }));
    }
}
