package dev.todolist.todo.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Moves outbox events to the notifier, in rounds: claim a batch ({@link OutboxStore#claim}, one short
 * transaction), publish each user's events in id order outside any transaction ({@link NotifierPublisher}), mark
 * those sent (one statement per user and round). Several instances may run at once (each todo-core has one); the claim's row locks and leases keep
 * them from sending an event twice or a user's events out of order.
 *
 * <p>Failures ({@link NotifierFaults}): while the breaker is open nothing is claimed; a notifier that cannot be
 * reached (or a call the open breaker refused) leaves the event pending without counting an attempt. A transient
 * failure of the notifier (a call past the deadline, {@code UNAVAILABLE} such as its own database being down,
 * {@code RESOURCE_EXHAUSTED}) counts no attempt either: the event waits as long as the outage has lasted, within the
 * backoff's bounds ({@link NotifierOutage}), so an outage of any length parks nothing. Any other error of the
 * notifier counts an attempt: the event waits (exponential backoff; its user's later events wait with it) and after
 * {@code OUTBOX_RELAY_MAX_ATTEMPTS} attempts, or at once when the notifier refuses the event itself, it is parked:
 * logged, counted ({@code outbox.events.parked}), never retried; the user's later events then go on. Rounds that
 * fail (the database down) are logged when they start failing and when they succeed again ({@link RoundFailures}).
 *
 * <p>When the application stops, the relay stops after the web server has finished its requests (their events
 * still leave at once while they do) and ends its round first: the publishes under way finish, no new one starts, the
 * events published are marked sent and the rest of the claim is released at once, instead of staying leased for
 * {@code OUTBOX_RELAY_LEASE} and holding their users' later events back that long (a rolling restart would
 * otherwise delay live updates by the lease each time).
 */
public class OutboxRelay extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /** What became of one event in a round. */
    enum Outcome {
        SENT(false), PARKED(false), RETRY_LATER(true), NOTIFIER_FAILING(true), LEASE_ENDING(true),
        RELAY_STOPPING(true);

        /** The user's later events wait for the next round. */
        final boolean stopsTheUser;

        Outcome(boolean stopsTheUser) {
            this.stopsTheUser = stopsTheUser;
        }
    }

    private final String owner;

    private final OutboxStore store;

    private final NotifierPublisher publisher;

    private final RelayProperties properties;

    private final Clock clock;

    private final Counter parked;

    private final RelayNudges nudges;

    private final NotifierOutage outage;

    private final RoundFailures roundFailures;

    private volatile boolean stopping;

    /** Completed when the application asks the relay to stop; wakes it from its wait between rounds. */
    private volatile Sinks.Empty<Void> stopRequested = Sinks.empty();

    /** Completed when the relay's loop has ended. */
    private volatile Sinks.Empty<Void> ended = Sinks.empty();

    public OutboxRelay(String owner, OutboxStore store, NotifierPublisher publisher, RelayProperties properties,
            Clock clock, MeterRegistry meters, RelayNudges nudges) {
        this.owner = owner;
        this.nudges = nudges;
        this.store = store;
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
        this.outage = new NotifierOutage(properties, clock);
        this.roundFailures = new RoundFailures(owner);
        this.parked = Counter.builder("outbox.events.parked")
            .description("Outbox events given up after failed publishing")
            .register(meters);
    }

    /** One round: the number of events claimed. */
    Mono<Integer> round() {
        nudges.roundStarting();
        CircuitBreaker.State state = publisher.breaker().getState();
        if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
            return Mono.just(0);
        }
        return store.claim(owner, properties.batch(), properties.lease()).flatMap(claimed -> {
            if (claimed.isEmpty()) {
                return Mono.just(0);
            }
            // stop starting publishes in time to finish the last one before the lease ends
            Instant stopAt = clock.instant().plus(properties.lease()).minus(properties.deadline().multipliedBy(2));
            Map<Long, List<ClaimedEvent>> byUser = new LinkedHashMap<>();
            claimed.forEach(event -> byUser.computeIfAbsent(event.userId(), u -> new ArrayList<>()).add(event));
            // each user's work runs to its end whatever another's does: with flatMap, one user's failure (the
            // database stalled) cancelled the others' statements mid-way, and their own failures, coming after, were
            // dropped as ERROR stack traces (onErrorDropped); the round fails with the first once all have ended
            return Flux.fromIterable(byUser.values())
                .flatMapDelayError(events -> publishInOrder(events, stopAt), properties.concurrency(), 1)
                .onErrorMap(error -> Exceptions.unwrapMultiple(error).getFirst())
                .then(Mono.just(claimed.size()));
        }).doOnNext(claimed -> roundFailures.succeeded()); // a round that reached the database
    }

    /**
     * Publishes one user's claimed events one after another, then marks those the notifier took as sent in one
     * statement: a crash before it only publishes them again, which the notifier ignores (idempotent on the event
     * id), and it saves a database round trip per event on the path that bounds one user's throughput.
     */
    private Mono<Void> publishInOrder(List<ClaimedEvent> events, Instant stopAt) {
        List<Long> sent = new ArrayList<>(events.size());
        return Flux.fromIterable(events)
            .concatMap(event -> stopping ? Mono.just(Outcome.RELAY_STOPPING)
                    : clock.instant().isAfter(stopAt) ? Mono.just(Outcome.LEASE_ENDING)
                    : attempt(event).doOnNext(outcome -> {
                        if (outcome == Outcome.SENT) {
                            sent.add(event.id());
                        }
                    }))
            .takeUntil(outcome -> outcome.stopsTheUser)
            .then(Mono.defer(() -> store.markSent(sent)))
            .then(Mono.defer(() -> store.release(events, owner)));
    }

    private Mono<Outcome> attempt(ClaimedEvent event) {
        return publisher.publish(event)
            .map(reply -> {
                outage.ended();
                return Outcome.SENT;
            })
            .onErrorResume(error -> failed(event, error));
    }

    private Mono<Outcome> failed(ClaimedEvent event, Throwable error) {
        String reason = error.toString();
        if (NotifierFaults.isEventFault(error)) {
            return park(event, event.attempts() + 1, reason);
        }
        if (NotifierFaults.isUnreachable(error)) {
            log.debug("Outbox event {} not published, the notifier is not reachable: {}", event.id(), reason);
            return Mono.just(Outcome.NOTIFIER_FAILING);
        }
        if (NotifierFaults.isTransient(error)) {
            Duration wait = outage.failed();
            log.info("Outbox event {} of user {} not published, the notifier is failing (no attempt counted), next try "
                    + "in {}: {}", event.id(), event.userId(), wait, reason);
            return store.retryLater(event.id(), owner, event.attempts(), wait, reason).thenReturn(Outcome.RETRY_LATER);
        }
        int attempts = event.attempts() + 1;
        if (attempts >= properties.maxAttempts()) {
            return park(event, attempts, reason);
        }
        log.info("Outbox event {} of user {} failed (attempt {} of {}), next attempt in {}: {}", event.id(),
                event.userId(), attempts, properties.maxAttempts(), properties.backoffAfter(attempts), reason);
        return store.retryLater(event.id(), owner, attempts, properties.backoffAfter(attempts), reason)
            .thenReturn(Outcome.RETRY_LATER);
    }

    private Mono<Outcome> park(ClaimedEvent event, int attempts, String reason) {
        return store.park(event.id(), owner, attempts, reason).then(Mono.fromRunnable(() -> {
            parked.increment();
            log.error("Outbox event {} of user {} parked after {} attempt(s), it will not be published: {}",
                    event.id(), event.userId(), attempts, reason);
        })).thenReturn(Outcome.PARKED);
    }

    @Override
    protected @Nullable Disposable begin() {
        if (!properties.enabled()) {
            return null;
        }
        log.info("Outbox relay {} started: batch {}, interval {}", owner, properties.batch(), properties.interval());
        stopping = false;
        Sinks.Empty<Void> stop = Sinks.empty();
        Sinks.Empty<Void> end = Sinks.empty();
        stopRequested = stop;
        ended = end;
        return Mono.defer(this::round)
            .onErrorResume(error -> {
                roundFailures.failed(error);
                return Mono.just(0);
            })
            .flatMap(claimed -> claimed >= properties.batch() ? Mono.just(claimed)
                    : Mono.firstWithSignal(nudges.next(properties.interval()), stop.asMono()).thenReturn(claimed))
            .repeat(() -> !stopping)
            .doFinally(signal -> end.tryEmitEmpty())
            .subscribe();
    }

    /**
     * Its round ends: publishes under way finish, none starts, what was published is marked sent. Within twice the
     * publish deadline (a publish, then two statements), so that the stop fits the shutdown's grace period whatever
     * the database does; past it the round is cut, and its claim waits out the lease as after a crash.
     */
    @Override
    protected Mono<Void> finishing() {
        log.info("Outbox relay {} stopping: its round ends and the rest of its claim is released", owner);
        stopping = true;
        stopRequested.tryEmitEmpty();
        Duration grace = properties.deadline().multipliedBy(2);
        return ended.asMono()
            .doOnSuccess(done -> log.info("Outbox relay {} stopped", owner))
            .timeout(grace, Mono.fromRunnable(() -> log.warn(
                    "Outbox relay {} cut after {}: its claim is taken over when its lease ends", owner, grace)));
    }

    /** Stopped after the web server's graceful shutdown: while the last requests finish, their events still leave. */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1;
    }
}
