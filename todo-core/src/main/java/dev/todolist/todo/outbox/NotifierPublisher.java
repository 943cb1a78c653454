package dev.todolist.todo.outbox;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

import com.google.protobuf.Timestamp;
import dev.todolist.notifier.client.NotifierBreakerEvents;
import dev.todolist.notifier.credential.InternalToken;
import dev.todolist.notifier.v1.PublishReply;
import dev.todolist.notifier.v1.PublishRequest;
import dev.todolist.notifier.v1.ReactorNotifierGrpc;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.grpc.ManagedChannel;
import reactor.core.publisher.Mono;
import dev.todolist.todo.trust.TrustProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes one outbox event to the notifier ({@code NOTIFIER_ADDR}, channel {@code notifier}): with the relay's
 * deadline, through the circuit breaker {@code notifier}, so that a notifier that is down or slow costs one failed
 * call per breaker window, not one per event. The breaker's outages are logged and its trial calls reconnect at once
 * ({@link NotifierBreakerEvents}).
 */
@Component
class NotifierPublisher {

    static final String BREAKER = "notifier";

    private final ReactorNotifierGrpc.ReactorNotifierStub stub;

    private final CircuitBreaker breaker;

    private final JsonMapper json;

    private final long deadlineMillis;

    private final TraceLinks traces;

    NotifierPublisher(GrpcChannelFactory channels, CircuitBreakerRegistry breakers, JsonMapper json,
            RelayProperties properties, TraceLinks traces, TrustProperties trust) {
        this.traces = traces;
        ManagedChannel channel = channels.createChannel(BREAKER);
        this.stub = ReactorNotifierGrpc.newReactorStub(channel)
            .withInterceptors(InternalToken.attach(trust.internalToken()));
        this.breaker = breakers.circuitBreaker(BREAKER);
        NotifierBreakerEvents.watch(breaker, channel);
        this.json = json;
        this.deadlineMillis = properties.deadline().toMillis();
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    /** In a span that continues the trace of the request that wrote the event, soon after it ({@link TraceLinks}). */
    Mono<PublishReply> publish(ClaimedEvent event) {
        return Mono.defer(() -> {
            PublishRequest request = request(event);
            Timestamp at = request.getEvent().getAt();
            return traces.publishing(Instant.ofEpochSecond(at.getSeconds(), at.getNanos()), event.traceparent(),
                    request.getEvent().getType(),
                    stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).publish(request));
        }).transformDeferred(CircuitBreakerOperator.of(breaker));
    }

    private PublishRequest request(ClaimedEvent claimed) {
        TaskEvent event = json.readValue(claimed.payload(), TaskEvent.class);
        Instant at = event.at();
        dev.todolist.notifier.v1.TaskEvent.Builder message = dev.todolist.notifier.v1.TaskEvent.newBuilder()
            .setEventId(event.eventId())
            .setUserId(event.userId())
            .setType(event.type())
            .addAllChanged(event.changed())
            .setAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()))
            .setSequence(claimed.id());
        if (event.taskId() != null) {
            message.setTaskId(event.taskId());
        }
        if (event.title() != null) {
            message.setTitle(event.title());
        }
        if (event.completed() != null) {
            message.setCompleted(event.completed());
        }
        if (event.count() != null) {
            message.setCount(Math.toIntExact(event.count()));
        }
        if (event.taskJson() != null) {
            message.setTaskJson(event.taskJson());
        }
        return PublishRequest.newBuilder().setEvent(message).build();
    }
}
