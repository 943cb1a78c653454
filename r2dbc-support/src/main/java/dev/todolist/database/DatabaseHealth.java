package dev.todolist.database;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Readiness's {@code r2dbc} component in every service: a connection from the pool, validated by MySQL itself (the
 * driver's {@code COM_PING}), answered within {@link #BOUND} or DOWN. An outage is logged when it begins and when it
 * ends, one line each without a stack trace.
 * <p>
 * Boot's own indicator (its {@code ConnectionFactoryHealthIndicator}) waited as long as the validation did: with
 * MySQL hung (stopped, not down) a pooled connection is handed out at once, its socket being open, and its
 * {@code COM_PING} goes unanswered for as long as the hang lasts. The readiness probes hung for the whole stall
 * (28 and 45 s when seen) and then answered UP; Kubernetes gave up on each after 2 s without any service ever saying
 * DOWN, and the probes piled up. The pool's {@code max-acquire-time} bounds only the wait for a connection, not what
 * is done with it. Boot's base class also logged every failed check with its whole stack trace.
 * <p>
 * The check itself is never cancelled, only its answer: it goes on in the background after the answer was DOWN,
 * until MySQL answers, so a connection the pool hands out late is still validated and closed, back to the pool, and
 * a {@code COM_PING} under way is never cut: a statement cancelled mid-way left r2dbc-mysql connections that never
 * ran another one (todo-core's {@code DatabaseWork}). The probes that come meanwhile share it ({@link #check()}).
 */
final class DatabaseHealth implements ReactiveHealthIndicator {

    /**
     * How long MySQL has to hand out and validate a connection before readiness says DOWN: the one place the bound
     * is set. Below the 2 s every Kubernetes probe of the services waits ({@code timeoutSeconds} in
     * deploy/kubernetes/base), with a second left for the request to reach Actuator and its answer to come back on a
     * busy service, so that the prober hears DOWN instead of timing out. A MySQL that answers its {@code COM_PING}
     * in more than a second is not one to send requests to.
     */
    static final Duration BOUND = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(DatabaseHealth.class);

    private final ConnectionFactory pool;

    private final AtomicBoolean failing = new AtomicBoolean();

    private final AtomicReference<@Nullable Mono<Boolean>> inFlight = new AtomicReference<>();

    DatabaseHealth(ConnectionFactory pool) {
        this.pool = pool;
    }

    @Override
    public Mono<Health> health() {
        return Mono.defer(() -> check()
            .timeout(BOUND)
            .map(valid -> valid ? up() : down(new IllegalStateException("the connection is not valid")))
            .onErrorResume(failure -> Mono.just(down(failure))));
    }

    /**
     * The validation under way, or a new one if none is: probes that come while MySQL hangs wait for the same one,
     * so a stall holds one connection for health, not one per probe (each a connection the pool opened, left
     * half-logged-in, and torn down with an error and its stack trace when MySQL came back: 74 after a minute of
     * probes twice a second). Subscribed on its own: an answer's timeout cancels no acquire.
     */
    private Mono<Boolean> check() {
        Mono<Boolean> running = inFlight.get();
        if (running != null) {
            return running;
        }
        Sinks.One<Boolean> answer = Sinks.one();
        Mono<Boolean> shared = answer.asMono();
        if (!inFlight.compareAndSet(null, shared)) {
            return check();
        }
        validated().defaultIfEmpty(false)
            .doFinally(signal -> inFlight.compareAndSet(shared, null))
            .subscribe(answer::tryEmitValue, answer::tryEmitError);
        return shared;
    }

    /** Whether MySQL validates a pooled connection; the connection closed after. */
    private Mono<Boolean> validated() {
        return Mono.usingWhen(pool.create(), connection -> Mono.from(connection.validate(ValidationDepth.REMOTE)),
                Connection::close, (connection, failure) -> connection.close(), Connection::close);
    }

    private Health up() {
        if (failing.compareAndSet(true, false)) {
            log.info("MySQL answers again: ready");
        }
        return Health.up().build();
    }

    private Health down(Throwable failure) {
        if (failing.compareAndSet(false, true)) {
            log.warn("MySQL does not answer: not ready until it does ({})", reason(failure));
        }
        return Health.down().build();
    }

    private static String reason(Throwable failure) {
        return failure instanceof TimeoutException ? "no answer within " + BOUND.toMillis() + " ms" : failure.toString();
    }
}
