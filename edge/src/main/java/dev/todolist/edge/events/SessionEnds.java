package dev.todolist.edge.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.todolist.edge.redis.EdgeRedis;
import dev.todolist.edge.redis.RedisKeys;
import dev.todolist.edge.token.Revocations;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Ends the open event streams of a login session as soon as it ends on any edge: the session scripts publish the
 * sid on the ended-sessions channel (logout, refresh-token reuse, a session over its user's cap), and every edge
 * listens there (Lettuce subscribes again after a reconnect; a first subscription that fails is tried again with a
 * backoff). A sweep every {@code EVENTS_SESSION_SWEEP} asks Redis, in one {@code MGET}, which of the open streams'
 * sessions are revoked, for a message missed while the Pub/Sub connection was down, and whether Redis lost its data
 * (a revocation epoch begun since the streams' tokens were issued: {@link Revocations#trustedSince()}; no key says
 * their sessions are revoked then, and no message was published). When the edge shuts
 * down, every stream ends (with {@code unavailable}: its client reconnects, to another edge if there is one).
 */
@Component
class SessionEnds implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SessionEnds.class);

    private final EdgeRedis redis;

    private final RedisKeys keys;

    private final OpenStreams streams;

    private final EventsProperties properties;

    private final Revocations revocations;

    private final AtomicBoolean listening = new AtomicBoolean();

    private volatile @Nullable Disposable sweeper;

    private volatile @Nullable Disposable listener;

    SessionEnds(EdgeRedis redis, RedisKeys keys, OpenStreams streams, EventsProperties properties,
            Revocations revocations) {
        this.redis = redis;
        this.keys = keys;
        this.streams = streams;
        this.properties = properties;
        this.revocations = revocations;
    }

    @Override
    public void start() {
        listen();
        sweeper = Flux.interval(properties.sessionSweep())
            .onBackpressureDrop()
            .concatMap(tick -> sweep().onErrorResume(failure -> {
                log.debug("Session sweep failed: {}", failure.toString());
                return Mono.empty();
            }), 0)
            .subscribe();
    }

    /**
     * Ends the streams of every open session that Redis says is revoked, and of every session whose token is older
     * than the revocation epoch (Redis lost its data since: their revocations with it, so no key says so).
     */
    Mono<Void> sweep() {
        List<String> sids = List.copyOf(streams.sessions());
        if (sids.isEmpty()) {
            return Mono.empty();
        }
        return redis.existEach(sids.stream().map(keys::revokedSession).toList()).doOnNext(revoked -> {
            for (int i = 0; i < sids.size(); i++) {
                if (revoked.get(i)) {
                    streams.end(sids.get(i));
                }
            }
        }).then(revocations.trustedSince()).doOnNext(streams::endIssuedBefore).then();
    }

    /** Whether the ended-sessions channel is subscribed. */
    boolean listening() {
        return listening.get();
    }

    /** Subscribes to the channel, trying again (100 ms, doubling, at most 5 s apart) until it succeeds. */
    private void listen() {
        AtomicBoolean warned = new AtomicBoolean();
        listener = redis.listen(keys.endedSessions(), streams::end)
            .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(5))
                .doBeforeRetry(retry -> {
                    if (warned.compareAndSet(false, true)) {
                        log.warn("Could not subscribe to the ended-sessions channel ({}); trying again, and the sweep "
                                + "every {} ends revoked streams meanwhile", retry.failure().toString(),
                                properties.sessionSweep());
                    }
                }))
            .subscribe(subscribed -> {
            }, failure -> log.error("Gave up subscribing to the ended-sessions channel", failure), () -> {
                listening.set(true);
                if (warned.get()) {
                    log.info("Subscribed to the ended-sessions channel");
                }
            });
    }

    /** Before the web server's graceful shutdown waits for open requests: the streams end now. */
    @Override
    public void stop() {
        streams.endAll();
        Disposable running = sweeper;
        if (running != null) {
            running.dispose();
        }
        Disposable subscribing = listener;
        if (subscribing != null) {
            subscribing.dispose();
        }
        sweeper = null;
    }

    @Override
    public boolean isRunning() {
        return sweeper != null;
    }
}
