package dev.todolist.notifier.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.grpc.ManagedChannel;
import io.grpc.Status;

/**
 * What a client of the notifier (the edge's feed, todo-core's outbox relay) does when its circuit breaker changes
 * state. It logs an outage as two warnings that explain it: when the breaker opens, with the failure rate, the last
 * failure's gRPC status and the notifier's address; and when it closes again, with how long it was open and how many
 * rounds of trial calls failed meanwhile. A notifier that stays down makes the breaker flap between open and
 * half-open every open time; those transitions are only debug lines, so an hour of outage is not thousands of
 * warnings. And when the breaker lets its trial calls through, the channel reconnects at once: a channel that lost
 * the notifier waits longer and longer between its attempts to reconnect (1 s, then 1.6 times longer each time), and
 * a trial call in such a wait would fail at once and open the breaker again, however long the notifier had been back.
 */
public final class NotifierBreakerEvents {

    private static final Logger log = LoggerFactory.getLogger(NotifierBreakerEvents.class);

    private final CircuitBreaker breaker;

    private final String notifier;

    private final Clock clock;

    private volatile String lastFailure = "none yet";

    private volatile Instant openedAt; // null while closed

    private final AtomicInteger failedTrials = new AtomicInteger();

    private NotifierBreakerEvents(CircuitBreaker breaker, String notifier, Clock clock) {
        this.breaker = breaker;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** Watches {@code breaker}, whose calls go over {@code channel}. */
    public static NotifierBreakerEvents watch(CircuitBreaker breaker, ManagedChannel channel) {
        return watch(breaker, channel, Clock.systemUTC());
    }

    static NotifierBreakerEvents watch(CircuitBreaker breaker, ManagedChannel channel, Clock clock) {
        NotifierBreakerEvents events = new NotifierBreakerEvents(breaker, channel.authority(), clock);
        breaker.getEventPublisher()
            .onError(error -> events.lastFailure = describe(error.getThrowable()))
            .onStateTransition(transition -> {
                if (transition.getStateTransition().getToState() == State.HALF_OPEN) {
                    channel.resetConnectBackoff();
                }
                events.log(transition);
            });
        return events;
    }

    /** The last failed call's gRPC status and description, for the lines that explain a refusal. */
    public String lastFailure() {
        return lastFailure;
    }

    /** A failed call as its gRPC status and description; a failure that is no gRPC status as itself. */
    public static String describe(Throwable failure) {
        Status status = Status.fromThrowable(failure);
        if (status.getCode() == Status.Code.UNKNOWN && status.getDescription() == null) {
            return failure.toString();
        }
        return status.getDescription() == null ? status.getCode().toString()
                : status.getCode() + " (" + status.getDescription() + ")";
    }

    private void log(CircuitBreakerOnStateTransitionEvent event) {
        State from = event.getStateTransition().getFromState();
        State to = event.getStateTransition().getToState();
        String name = event.getCircuitBreakerName();
        if (from == State.CLOSED && to == State.OPEN) {
            openedAt = clock.instant();
            failedTrials.set(0);
            CircuitBreaker.Metrics metrics = breaker.getMetrics();
            log.warn("Circuit breaker {} opened: {} % of the last {} calls to the notifier at {} failed, the last with "
                    + "{}; its calls are refused for {}, then trial calls go through", name,
                    Math.round(metrics.getFailureRate()), metrics.getNumberOfBufferedCalls(), notifier, lastFailure,
                    openTime());
        }
        else if (from == State.HALF_OPEN && to == State.OPEN) {
            failedTrials.incrementAndGet();
            log.debug("Circuit breaker {} opened again: a trial call to the notifier at {} failed with {}", name,
                    notifier, lastFailure);
        }
        else if (from == State.OPEN && to == State.HALF_OPEN) {
            log.debug("Circuit breaker {} half-open: trial calls go through to the notifier at {}", name, notifier);
        }
        else if (from == State.HALF_OPEN && to == State.CLOSED) {
            Instant opened = openedAt;
            Object openFor = opened == null ? "?"
                    : Duration.ofSeconds(Duration.between(opened, clock.instant()).toSeconds());
            log.warn("Circuit breaker {} closed: the notifier at {} answers again, {} after the breaker opened ({} "
                    + "rounds of trial calls failed meanwhile, the last failure was {})", name, notifier, openFor,
                    failedTrials.get(), lastFailure);
            openedAt = null;
        }
        else {
            log.warn("Circuit breaker {}: {} -> {}", name, from, to);
        }
    }

    /** How long the breaker stays open before it lets trial calls through. */
    public Duration openTime() {
        return Duration.ofMillis(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
    }
}
