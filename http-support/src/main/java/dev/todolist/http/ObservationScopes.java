package dev.todolist.http;

import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Subscribes to a call with an observation in scope, so that what the call observes when it is subscribed (a gRPC
 * client call, a log line) has that observation as parent, without restoring Reactor's context as thread locals
 * around every operator ({@code spring.reactor.context-propagation=auto}, which costs the edge as much as a whole
 * proxied request). Spring's HTTP server observation is in the Reactor context under
 * {@link ObservationThreadLocalAccessor#KEY}; the observation is also written there for the call, for a service
 * that does restore the context automatically (which would otherwise reset the scope opened here).
 */
public final class ObservationScopes {

    private ObservationScopes() {
    }

    /** {@code source} subscribed with {@code observation} in scope (as it is when the observation is null). */
    public static <T> Mono<T> subscribedWithin(@Nullable Observation observation, Mono<T> source) {
        if (observation == null) {
            return source;
        }
        Mono<T> withObservation = source.contextWrite(context -> context.put(ObservationThreadLocalAccessor.KEY,
                observation));
        return Mono.fromDirect(subscriber -> {
            try (Observation.Scope scope = observation.openScope()) {
                withObservation.subscribe(subscriber);
            }
        });
    }

    /**
     * Runs {@code action} when subscribed, within the observation of the request it runs for (if any): a log line
     * written this way carries the request's trace and span ids, as it would with the context restored everywhere.
     */
    public static Mono<Void> runWithinRequest(Runnable action) {
        return subscribedWithinRequest(Mono.fromRunnable(action));
    }

    /** {@code source} subscribed within the observation of the request it runs for, if any. */
    public static <T> Mono<T> subscribedWithinRequest(Mono<T> source) {
        return Mono.deferContextual(context -> subscribedWithin(
                context.getOrDefault(ObservationThreadLocalAccessor.KEY, null), source));
    }

    /** {@code source} subscribed within the observation of the request it runs for, if any. */
    public static <T> Flux<T> subscribedWithinRequest(Flux<T> source) {
        return Flux.deferContextual(context -> {
            Observation observation = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
            if (observation == null) {
                return source;
            }
            return Flux.<T>from(subscriber -> {
                try (Observation.Scope scope = observation.openScope()) {
                    source.subscribe(subscriber);
                }
            });
        });
    }
}
