package dev.todolist.notifier.feed;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.Status;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * This process's subscribers, per user, each with a doorbell: a ring says "the user's feed may have rows you have not
 * read", never which ones. A subscriber answers a ring by reading the table after the last id it sent, so the table
 * is the only source of rows: a ring that comes twice, late, out of order or from another instance costs at most a
 * query that finds nothing, and a slow subscriber holds no memory for what it has not read yet (at most one ring
 * waits; the rings that find one waiting are dropped, because the waiting one's read will see their rows too).
 * <p>
 * When the notifier begins to shut down, every subscription ends with {@code UNAVAILABLE} (its clients, the edges,
 * tell their browsers, which come back later), and so does one that begins after: the gRPC server's graceful shutdown
 * waits for the calls under way, and streams that never end held every stop for its whole grace period.
 */
@Component
class LiveFeeds implements ApplicationListener<ContextClosedEvent> {

    static final String SHUTTING_DOWN = "the notifier is shutting down";

    private final ConcurrentHashMap<Long, Set<Sinks.Many<Boolean>>> subscribers = new ConcurrentHashMap<>();

    private volatile boolean closing;

    /**
     * Registers a doorbell for the user, already rung once (the first read is the replay); {@link Subscription#close()}
     * removes it. For {@code Flux.using}.
     */
    Subscription follow(long userId) {
        Sinks.Many<Boolean> bell = Sinks.many().unicast().onBackpressureBuffer(Queues.<Boolean>one().get());
        bell.tryEmitNext(Boolean.TRUE);
        subscribers.compute(userId, (id, bells) -> {
            Set<Sinks.Many<Boolean>> registered = bells == null ? ConcurrentHashMap.newKeySet() : bells;
            registered.add(bell);
            return registered;
        });
        if (closing) {
            end(bell); // a subscription that came as the notifier began to shut down
        }
        return new Subscription(bell.asFlux(), () -> forget(userId, bell));
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        closing = true;
        subscribers.values().forEach(bells -> bells.forEach(LiveFeeds::end));
    }

    private static void end(Sinks.Many<Boolean> bell) {
        synchronized (bell) {
            bell.tryEmitError(Status.UNAVAILABLE.withDescription(SHUTTING_DOWN).asRuntimeException());
        }
    }

    /** Rings every subscriber of the user on this instance. */
    void ring(long userId) {
        Set<Sinks.Many<Boolean>> bells = subscribers.get(userId);
        if (bells != null) {
            bells.forEach(LiveFeeds::ring);
        }
    }

    /** Rings every subscriber on this instance (after the doorbell between instances was down: rings were lost). */
    void ringAll() {
        subscribers.values().forEach(bells -> bells.forEach(LiveFeeds::ring));
    }

    private static void ring(Sinks.Many<Boolean> bell) {
        synchronized (bell) { // rings come from several threads; a sink takes one signal at a time
            bell.tryEmitNext(Boolean.TRUE); // FAIL_OVERFLOW: a ring is already waiting, and it covers this one
        }
    }

    private void forget(long userId, Sinks.Many<Boolean> bell) {
        subscribers.computeIfPresent(userId, (id, bells) -> {
            bells.remove(bell);
            return bells.isEmpty() ? null : bells;
        });
    }

    /** A subscriber's rings; closing it unregisters the subscriber. */
    record Subscription(Flux<Boolean> rings, Runnable unregister) implements AutoCloseable {

        @Override
        public void close() {
            unregister.run();
        }
    }
}
