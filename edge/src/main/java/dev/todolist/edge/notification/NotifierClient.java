package dev.todolist.edge.notification;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.todolist.edge.proxy.UpstreamProperties;
import dev.todolist.http.ApiException;
import dev.todolist.http.ObservationScopes;
import dev.todolist.notifier.client.NotifierBreakerEvents;
import dev.todolist.notifier.credential.InternalToken;
import dev.todolist.notifier.v1.ListFeedRequest;
import dev.todolist.notifier.v1.MarkReadRequest;
import dev.todolist.notifier.v1.Notification;
import dev.todolist.notifier.v1.ReactorNotifierGrpc;
import dev.todolist.notifier.v1.SubscribeRequest;
import dev.todolist.notifier.v1.UserRequest;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The notifier, as the edge's feed routes need it: every call with a deadline and through the circuit breaker
 * {@code notifier}, so that a notifier that is down, slow or failing costs a request at most the deadline, and
 * nothing at all once the breaker is open. Its failures become the edge's answers: {@code 503 service_unavailable}
 * with {@code Retry-After} (its refusal line names the failure, or the open breaker and its last failure), or
 * {@code 400 validation_failed} for what the notifier calls an invalid argument. The breaker's outages are logged
 * and its trial calls reconnect at once ({@link NotifierBreakerEvents}).
 * {@code /tasks} never comes here. The event streams use it too ({@code dev.todolist.edge.events}).
 */
@Component
public class NotifierClient {

    static final String BREAKER = "notifier";

    static final String CHANNEL = "notifier";

    static final String UNAVAILABLE = "Notifications are unavailable right now; try again shortly.";

    private final ReactorNotifierGrpc.ReactorNotifierStub stub;

    private final CircuitBreaker breaker;

    private final NotifierProperties properties;

    private final NotifierBreakerEvents breakerEvents;

    NotifierClient(GrpcChannelFactory channels, CircuitBreakerRegistry breakers, NotifierProperties properties,
            UpstreamProperties upstream) {
        ManagedChannel channel = channels.createChannel(CHANNEL);
        // resolve and connect now rather than on the first request, whose deadline would pay for it
        channel.getState(true);
        this.stub = ReactorNotifierGrpc.newReactorStub(channel)
            .withInterceptors(InternalToken.attach(upstream.internalToken()));
        this.breaker = breakers.circuitBreaker(BREAKER);
        this.properties = properties;
        this.breakerEvents = NotifierBreakerEvents.watch(breaker, channel);
    }

    /** At most {@code limit} of the user's notifications, newest first, older than {@code before} when given. */
    public Mono<List<Notification>> feed(long userId, int limit, @Nullable String before, String invalidBefore) {
        ListFeedRequest.Builder request = ListFeedRequest.newBuilder().setUserId(userId).setLimit(limit);
        if (before != null) {
            request.setBefore(before);
        }
        return call(notifier -> notifier.listFeed(request.build()), invalidBefore)
            .map(reply -> reply.getNotificationsList());
    }

    Mono<Long> unreadCount(long userId) {
        return call(notifier -> notifier.unreadCount(UserRequest.newBuilder().setUserId(userId).build()),
                "The request is not acceptable.")
            .map(reply -> reply.getUnread());
    }

    Mono<Long> markRead(long userId, String upTo, String invalidUpTo) {
        return call(notifier -> notifier.markRead(MarkReadRequest.newBuilder().setUserId(userId).setUpTo(upTo).build()),
                invalidUpTo)
            .map(reply -> reply.getMarked());
    }

    /**
     * The user's notifications after {@code after} (all of them when null), oldest first, then every new one as it
     * is published, until the subscriber cancels: the notifier's Subscribe, without a deadline (it lives as long as
     * its event stream). Not through the breaker's permits (a stream would hold one for its whole life, and a
     * half-open breaker would stay so); its failures are recorded in it, so that many streams losing the notifier
     * at once open it.
     */
    public Flux<Notification> subscribe(long userId, @Nullable String after) {
        SubscribeRequest.Builder request = SubscribeRequest.newBuilder().setUserId(userId);
        if (after != null) {
            request.setAfter(after);
        }
        return ObservationScopes.subscribedWithinRequest(Flux.defer(() -> stub.subscribe(request.build())))
            .doOnError(error -> {
                if (Status.fromThrowable(error).getCode() != Status.Code.CANCELLED) {
                    breaker.onError(0, TimeUnit.MILLISECONDS, error);
                }
            });
    }

    /** How long a client should wait before it asks again while the notifier fails. */
    public Duration retryAfter() {
        return properties.retryAfter();
    }

    private <T> Mono<T> call(Function<ReactorNotifierGrpc.ReactorNotifierStub, Mono<T>> rpc, String invalidDetail) {
        // within the request's observation: the gRPC call is a span of the request's trace
        return ObservationScopes.subscribedWithinRequest(Mono.defer(
                () -> rpc.apply(stub.withDeadlineAfter(properties.deadline().toMillis(), TimeUnit.MILLISECONDS))))
            .transformDeferred(CircuitBreakerOperator.of(breaker))
            .onErrorMap(error -> answer(error, invalidDetail));
    }

    private Throwable answer(Throwable error, String invalidDetail) {
        if (error instanceof CallNotPermittedException) {
            return unavailable(breakerEvents.openTime())
                .because("the notifier's circuit breaker is open; its last failure: " + breakerEvents.lastFailure());
        }
        Status status = Status.fromThrowable(error);
        if (status.getCode() == Status.Code.INVALID_ARGUMENT) {
            return new ApiException(HttpStatus.BAD_REQUEST, "validation_failed", invalidDetail);
        }
        return unavailable(properties.retryAfter())
            .because("the notifier call failed: " + NotifierBreakerEvents.describe(error));
    }

    private static ApiException unavailable(Duration retryAfter) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable", UNAVAILABLE)
            .retryAfter(retryAfter);
    }
}
