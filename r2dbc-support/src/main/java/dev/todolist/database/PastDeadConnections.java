package dev.todolist.database;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The pool, whose acquire tries again after drawing a dead connection, and only then: up to as many times as the
 * pool may hold connections, so that it draws past every dead one. Any other failure, a login MySQL refuses above
 * all, fails the acquire at once.
 * <p>
 * The pool validates a connection as it hands it out (locally: is its socket still open) and discards one that
 * fails. After MySQL closed every pooled connection at once ({@code KILL}, its {@code wait_timeout}, a failover),
 * each request met a dead connection or two and failed until the pool had drawn every dead one. The pool's own
 * {@code acquire-retry} would draw past them too, but it retries every failure: with a wrong password or grant, each
 * readiness probe then made MySQL refuse a login for every connection the pool may hold, over and over (about a
 * hundred a second on the edge, each a warning of the driver's). So the pool's is set to none
 * ({@link AcquireRetryPerConnection}) and this one tells the failures apart.
 */
final class PastDeadConnections implements ConnectionFactory, Wrapped<ConnectionPool>, Disposable {

    /** What r2dbc-pool fails an acquire with when the connection it drew is dead (its {@code Validation}). */
    static final String VALIDATION_FAILED = "Connection validation failed";

    private final ConnectionPool pool;

    private final int maxSize;

    PastDeadConnections(ConnectionPool pool, int maxSize) {
        this.pool = pool;
        this.maxSize = maxSize;
    }

    @Override
    public Publisher<? extends Connection> create() {
        return acquire(maxSize);
    }

    /**
     * The next try is made only after a dead connection was drawn, so an acquire that succeeds (every query's) pays
     * one operator, not a retry companion per subscription as {@code retryWhen} would.
     */
    private Mono<Connection> acquire(int triesLeft) {
        return pool.create().onErrorResume(failure -> triesLeft > 0 && drewADeadOne(failure),
                failure -> acquire(triesLeft - 1));
    }

    private static boolean drewADeadOne(Throwable failure) {
        return failure instanceof R2dbcNonTransientResourceException
            && VALIDATION_FAILED.equals(failure.getMessage());
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return pool.getMetadata();
    }

    @Override
    public ConnectionPool unwrap() {
        return pool;
    }

    @Override
    public void dispose() {
        pool.dispose();
    }

    @Override
    public boolean isDisposed() {
        return pool.isDisposed();
    }
}
