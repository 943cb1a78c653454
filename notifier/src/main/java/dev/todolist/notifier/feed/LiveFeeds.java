package dev.todolist.notifier.feed;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.grpc.Status;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * This process's subscribers, per user, and the notifications it stores as they are committed. Each subscriber has
 * a bounded buffer of its own: one that falls further behind is ended with {@code RESOURCE_EXHAUSTED} (it
 * subscribes again after the last id it got and the replay from the table catches it up) instead of holding
 * memory for it without bound or slowing the publishers down.
 */
@Component
class LiveFeeds {

    private final ConcurrentHashMap<Long, Set<Sinks.Many<StoredNotification>>> subscribers = new ConcurrentHashMap<>();

    private final int buffer;

    LiveFeeds(FeedProperties properties) {
        this.buffer = properties.subscriberBuffer();
    }

    /**
     * Starts buffering the user's notifications stored from now on (so that nothing committed while a replay runs
     * is missed); {@link Subscription#close()} ends it. For {@code Flux.using}.
     */
    Subscription follow(long userId) {
        Sinks.Many<StoredNotification> sink = Sinks.many().unicast()
            .onBackpressureBuffer(Queues.<StoredNotification>get(buffer).get());
        subscribers.compute(userId, (id, sinks) -> {
            Set<Sinks.Many<StoredNotification>> registered = sinks == null ? ConcurrentHashMap.newKeySet() : sinks;
            registered.add(sink);
            return registered;
        });
        return new Subscription(sink.asFlux(), () -> forget(userId, sink));
    }

    void committed(StoredNotification notification) {
        Set<Sinks.Many<StoredNotification>> sinks = subscribers.get(notification.userId());
        if (sinks == null) {
            return;
        }
        for (Sinks.Many<StoredNotification> sink : sinks) {
            synchronized (sink) { // publishers run concurrently; a sink takes one signal at a time
                if (sink.tryEmitNext(notification) == Sinks.EmitResult.FAIL_OVERFLOW) {
                    sink.tryEmitError(Status.RESOURCE_EXHAUSTED
                        .withDescription("subscriber fell more than " + buffer + " notifications behind")
                        .asRuntimeException());
                }
            }
        }
    }

    int subscriberCount(long userId) {
        Set<Sinks.Many<StoredNotification>> sinks = subscribers.get(userId);
        return sinks == null ? 0 : sinks.size();
    }

    private void forget(long userId, Sinks.Many<StoredNotification> sink) {
        subscribers.computeIfPresent(userId, (id, sinks) -> {
            sinks.remove(sink);
            return sinks.isEmpty() ? null : sinks;
        });
    }

    /** A subscriber's buffered live notifications; closing it unregisters the subscriber. */
    record Subscription(Flux<StoredNotification> notifications, Runnable unregister) implements AutoCloseable {

        @Override
        public void close() {
            unregister.run();
        }
    }
}
