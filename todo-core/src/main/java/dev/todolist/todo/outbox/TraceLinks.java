package dev.todolist.todo.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import dev.todolist.http.ObservationScopes;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Links the publishing of an event to the request that wrote it, across the outbox: the request's W3C
 * {@code traceparent} is stored with the row ({@link #traceparent}), and the relay's publish is an
 * {@code outbox publish} span that continues that trace ({@link #publishing}), the gRPC call to the notifier its
 * child. The request's trace then shows the notification that followed.
 * <p>
 * Only the publishes within {@link #CONTINUING} of the change's commit continue the request's trace (a hiccup's
 * retries, a first call refused by a channel still connecting, still show there); a later one, a notifier outage's
 * retry, is a trace of its own, tagged {@value #REQUEST_TRACE} with the request's trace id. Before, every retry of an
 * outage joined the request's trace, which grew by two spans at each (477 spans after ten minutes), unreadable where it
 * mattered most.
 */
@Component
class TraceLinks {

    static final String TRACEPARENT = "traceparent";

    /** The tag of a retry's span naming the trace of the request that wrote the event. */
    static final String REQUEST_TRACE = "outbox.request.trace";

    /** How long after the change its publishes continue the request's trace. */
    static final Duration CONTINUING = Duration.ofSeconds(30);

    private final ObservationRegistry registry;

    private final Propagator propagator;

    private final Clock clock;

    TraceLinks(ObservationRegistry registry, Propagator propagator, Clock clock) {
        this.registry = registry;
        this.propagator = propagator;
        this.clock = clock;
    }

    /** The {@code traceparent} of the request observed in {@code context}, or null outside any traced request. */
    @Nullable String traceparent(ContextView context) {
        Observation request = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
        if (request == null) {
            return null;
        }
        TracingObservationHandler.TracingContext tracing = request.getContext()
            .get(TracingObservationHandler.TracingContext.class);
        Span span = tracing == null ? null : tracing.getSpan();
        if (span == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(4);
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /**
     * {@code call} inside an {@code outbox publish} span continuing {@code traceparent} (a new trace when null, or
     * {@link #CONTINUING} after {@code committed}): subscribed with that span in scope, so that the gRPC client
     * observation started at subscription is its child.
     */
    <T> Mono<T> publishing(Instant committed, @Nullable String traceparent, String type, Mono<T> call) {
        return Mono.defer(() -> {
            boolean retry = Duration.between(committed, clock.instant()).compareTo(CONTINUING) > 0;
            ReceiverContext<Map<String, String>> context = new ReceiverContext<>(
                    (carrier, key) -> carrier.get(key), Kind.CONSUMER);
            context.setCarrier(traceparent == null || retry ? Map.of() : Map.of(TRACEPARENT, traceparent));
            context.setRemoteServiceName("todo-core");
            Observation observation = Observation.createNotStarted("outbox.publish", () -> context, registry)
                .contextualName("outbox publish")
                .lowCardinalityKeyValue("type", type);
            if (retry && traceparent != null && traceparent.length() >= 35) {
                // 00-<trace id>-<parent id>-<flags>
                observation.highCardinalityKeyValue(REQUEST_TRACE, traceparent.substring(3, 35));
            }
            observation.start();
            return ObservationScopes.subscribedWithin(observation, call)
                .doOnError(observation::error)
                .doFinally(signal -> observation.stop());
        });
    }
}
