package dev.todolist.edge.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.todolist.edge.notification.NotificationIds;
import dev.todolist.edge.notification.NotifierClient;
import dev.todolist.http.ApiException;
import dev.todolist.http.QueryParameters;
import dev.todolist.http.ProblemResponses;
import io.grpc.Status;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET /events}: the caller's notifications as Server-Sent Events, each written and flushed as it comes. The
 * notifier is asked first for the newest notification id (or whether {@code Last-Event-ID} is one): that call has the
 * notifier's deadline and goes through its circuit breaker, so a notifier that is down answers {@code 503} with
 * {@code Retry-After} within the deadline, at once while the breaker is open. Then its Subscribe call replays what
 * came after that id and follows the live ones.
 * <p>
 * A stream ends with {@code event: session_ended} (no {@code id}, {@code data: {}}) at its token's {@code exp} or as soon as its login
 * session ends ({@link SessionEnds}); with {@code event: unavailable} and a {@code retry:} when the notifier call
 * fails or ends. A comment line goes out every {@code EVENTS_HEARTBEAT}. A client that stops reading is dropped once
 * {@code EVENTS_BUFFER} events wait for it; one that hangs up cancels the notifier call at once.
 */
@RestController
class EventStreamController {

    static final String PATH = "/events";

    static final String BAD_LAST_EVENT_ID = "Last-Event-ID (last_event_id) must be a notification id.";

    static final String SESSION_ENDED = "session_ended";

    static final String UNAVAILABLE = "unavailable";

    /** The data of the last events: a browser's EventSource drops an event without a {@code data:} line. */
    static final String NO_DATA = "{}";

    private static final Set<String> LAST_EVENTS = Set.of(SESSION_ENDED, UNAVAILABLE);

    private static final Logger log = LoggerFactory.getLogger(EventStreamController.class);

    private final NotifierClient notifier;

    private final OpenStreams streams;

    private final EventPayloads payloads;

    private final EventsProperties properties;

    /** One heartbeat for all the streams of this edge, rather than a timer each. */
    private final Flux<Long> heartbeats;

    EventStreamController(NotifierClient notifier, OpenStreams streams, EventPayloads payloads,
            EventsProperties properties) {
        this.notifier = notifier;
        this.streams = streams;
        this.payloads = payloads;
        this.properties = properties;
        this.heartbeats = Flux.interval(properties.heartbeat()).onBackpressureDrop().share();
    }

    /**
     * The stream, or an error before its first event (the answer is not committed until then, so the error is a
     * problem answer). Its place within the limits is taken when the request is handled and given back when the
     * stream ends, whichever way.
     */
    @GetMapping(path = PATH, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> events(@AuthenticationPrincipal Jwt token,
            @RequestHeader(name = LastEventId.HEADER, required = false) @Nullable String header,
            ServerWebExchange exchange) {
        String lastEventId = header != null ? header : QueryParameters.valueOf(exchange.getRequest(), "last_event_id");
        if (lastEventId != null && !NotificationIds.plausible(lastEventId)) {
            return Flux.error(new ApiException(HttpStatus.BAD_REQUEST, "validation_failed", BAD_LAST_EVENT_ID));
        }
        long userId = Long.parseLong(token.getSubject());
        String sid = token.getClaimAsString("sid");
        Instant expiresAt = token.getExpiresAt();
        if (sid == null || expiresAt == null) { // the decoder requires both; never for a token of the edge
            return Flux.error(new ApiException(HttpStatus.UNAUTHORIZED, "invalid_token", "The token is not valid."));
        }
        // the second the token was issued, which a revocation epoch begun later ends its stream by (none: at once)
        long issuedAt = token.getIssuedAt() == null ? 0 : token.getIssuedAt().getEpochSecond();
        return Flux.defer(() -> {
            OpenStreams.Limit full = streams.take(userId, properties.maxStreams(), properties.maxStreamsPerUser());
            if (full != null) {
                ApiException refusal = refusal(full);
                ProblemResponses.because(exchange, "user " + userId + ": " + refusal.getBody().getDetail());
                return Flux.error(refusal);
            }
            return start(userId, lastEventId)
                .flatMapMany(after -> {
                    HttpHeaders headers = exchange.getResponse().getHeaders();
                    headers.setCacheControl(CacheControl.noStore());
                    headers.set("X-Accel-Buffering", "no"); // nginx in front: pass every event on as it comes
                    return stream(userId, sid, issuedAt, expiresAt, after.orElse(null), exchange);
                })
                .doFinally(signal -> streams.giveBack(userId));
        });
    }

    /** The {@code 503} for a stream beyond this edge's limits. */
    private ApiException refusal(OpenStreams.Limit full) {
        String detail = switch (full) {
            case EDGE -> "This server holds its maximum of " + properties.maxStreams() + " event streams ("
                    + EventsProperties.MAX_STREAMS + "); try again later.";
            case USER -> "This account has its maximum of " + properties.maxStreamsPerUser() + " open event streams ("
                    + EventsProperties.MAX_STREAMS_PER_USER + "); close one or try again later.";
        };
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable", detail)
            .retryAfter(notifier.retryAfter());
    }

    /** The id to replay after: Last-Event-ID once the notifier accepts it, else the newest (none: the whole feed). */
    private Mono<Optional<String>> start(long userId, @Nullable String lastEventId) {
        if (lastEventId != null) {
            return notifier.feed(userId, 1, lastEventId, BAD_LAST_EVENT_ID).thenReturn(Optional.of(lastEventId));
        }
        return notifier.feed(userId, 1, null, BAD_LAST_EVENT_ID)
            .map(newest -> newest.isEmpty() ? Optional.empty() : Optional.of(newest.get(0).getId()));
    }

    private Flux<ServerSentEvent<String>> stream(long userId, String sid, long issuedAt, Instant expiresAt,
            @Nullable String after, ServerWebExchange exchange) {
        return Flux.defer(() -> {
            OpenStreams.Registration registration = streams.open(sid, issuedAt);
            Flux<ServerSentEvent<String>> notifications = notifier.subscribe(userId, after)
                .doOnSubscribe(subscription -> streams.notifierCallStarted())
                .doFinally(signal -> streams.notifierCallEnded())
                .map(payloads::event)
                .concatWith(Mono.fromSupplier(() -> {
                    log.info("The notifier ended an event stream of user {}", userId);
                    return unavailable();
                }))
                .onErrorResume(failure -> {
                    log.info("An event stream of user {} lost the notifier: {}", userId,
                            Status.fromThrowable(failure).getCode());
                    return Mono.just(unavailable());
                });
            Duration left = Duration.between(Instant.now(), expiresAt);
            Mono<ServerSentEvent<String>> ended = Mono
                .firstWithValue(registration.ended(),
                        Mono.delay(left.isNegative() ? Duration.ZERO : left).thenReturn(OpenStreams.Ending.SESSION_ENDED))
                .map(ending -> ending == OpenStreams.Ending.SESSION_ENDED
                        ? ServerSentEvent.builder(NO_DATA).event(SESSION_ENDED).build() : unavailable());
            Flux<ServerSentEvent<String>> keepAlive = heartbeats
                .map(tick -> ServerSentEvent.<String>builder().comment("keep-alive").build());
            // a client that stops reading: its buffer fills, the notifier call is cancelled and the connection
            // closed at once (as when a client hangs up), not once the buffered events have drained
            Sinks.Empty<ServerSentEvent<String>> dropped = Sinks.empty();
            Flux<ServerSentEvent<String>> events = Flux.merge(notifications, keepAlive, ended)
                .startWith(ServerSentEvent.<String>builder().comment("open").build())
                .takeUntil(event -> event.event() != null && LAST_EVENTS.contains(event.event()))
                .onBackpressureBuffer(properties.buffer(), overflow -> {
                    log.info("Dropped an event stream of user {}: more than {} events waited for the client",
                            userId, properties.buffer());
                    closeConnection(exchange);
                    dropped.tryEmitError(new AbortedException("the client does not read its event stream"));
                }, BufferOverflowStrategy.ERROR)
                .doOnComplete(dropped::tryEmitEmpty);
            return Flux.merge(events, dropped.asMono())
                .doFinally(signal -> registration.close());
        });
    }

    private ServerSentEvent<String> unavailable() {
        return ServerSentEvent.builder(NO_DATA).event(UNAVAILABLE).retry(notifier.retryAfter()).build();
    }

    /**
     * Closes the client's connection: WebFlux would end a response whose body failed with a disconnected client's
     * error by writing its end and keeping the connection, and that end would wait behind what the client does
     * not read.
     */
    private static void closeConnection(ServerWebExchange exchange) {
        Object response = ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse());
        if (response instanceof HttpServerResponse netty) {
            netty.withConnection(Connection::dispose);
        }
    }
}
