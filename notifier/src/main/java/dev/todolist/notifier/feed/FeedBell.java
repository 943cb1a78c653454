package dev.todolist.notifier.feed;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The doorbell between notifier instances: after a Publish committed a row, its instance announces
 * {@code "<instance>:<user id>"} on one Redis Pub/Sub channel, and every other instance rings its own subscribers of
 * that user ({@link LiveFeeds}), who then read the table. Whichever notifier took the write, a stream on any of them
 * gets it, in the table's order and once (the rows come from the table, never from the message).
 * <p>
 * Redis is not needed for correctness within an instance and not for the feed's durability, so it fails open:
 * Publish never waits for it (the announcement is sent after the reply's row is committed, and a failed one is only
 * logged), and the notifier is ready without it. What a Redis outage costs is the rings between instances meanwhile;
 * when the channel is subscribed again (Lettuce re-subscribes after a reconnect) every local subscriber is rung once,
 * which reads whatever it missed. Two connections: Pub/Sub takes one over (Redis allows nothing else on it).
 */
@Component
class FeedBell implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(FeedBell.class);

    private static final Duration SHUTDOWN_QUIET_PERIOD = Duration.ofMillis(100);

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    /** Tells this instance's own announcements apart (its subscribers were rung directly). */
    private final String instance = UUID.randomUUID().toString();

    private final LiveFeeds live;

    private final String channel;

    private final RedisURI uri;

    private final ClientResources resources;

    private final RedisClient client;

    private final AtomicReference<@Nullable StatefulRedisPubSubConnection<String, String>> listening = new AtomicReference<>();

    private final AtomicReference<@Nullable StatefulRedisConnection<String, String>> announcing = new AtomicReference<>();

    private final AtomicBoolean failing = new AtomicBoolean();

    private volatile @Nullable Disposable starting;

    FeedBell(LiveFeeds live, RedisProperties properties) {
        this.live = live;
        this.channel = properties.channel();
        RedisURI.Builder builder = RedisURI.builder().withHost(properties.host()).withPort(properties.port());
        if (!properties.password().isEmpty()) {
            builder.withPassword(properties.password().toCharArray());
        }
        this.uri = builder.build();
        // reconnect quickly after an outage: 100 ms, doubling, at most 2 s between attempts
        this.resources = DefaultClientResources.builder()
            .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
            .build();
        this.client = RedisClient.create(resources);
        this.client.setOptions(ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(properties.connectTimeout()).build())
            .build());
    }

    /** Connects in the background, trying again until Redis answers; Lettuce keeps the connections up afterwards. */
    @Override
    public void afterPropertiesSet() {
        Mono<Void> listen = Mono.fromCompletionStage(() -> client.connectPubSubAsync(StringCodec.UTF8, uri))
            .flatMap(connection -> {
                connection.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String from, String message) {
                        heard(message);
                    }

                    @Override
                    public void subscribed(String to, long count) {
                        log.info("Listening to the feed's doorbell on Redis channel {}", to);
                        live.ringAll();
                    }
                });
                listening.set(connection);
                return Mono.fromCompletionStage(connection.async().subscribe(channel)).doOnError(failure -> {
                    listening.compareAndSet(connection, null);
                    connection.closeAsync();
                });
            });
        Mono<Void> announce = Mono.fromCompletionStage(() -> client.connectAsync(StringCodec.UTF8, uri))
            .doOnNext(connection -> {
                announcing.set(connection);
                log.info("Announcing the feed's new rows on Redis channel {}", channel);
            })
            .then();
        starting = untilConnected(listen).then(untilConnected(announce)).subscribe();
    }

    private Mono<Void> untilConnected(Mono<Void> connect) {
        return connect
            .doOnError(failure -> log.warn("Redis at {}:{} does not answer ({}): the notifier instances cannot ring "
                    + "each other's subscribers yet; trying again", uri.getHost(), uri.getPort(), failure.toString()))
            .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5)));
    }

    /** Whether both connections are open (the announcements go out and this instance hears the others'). */
    boolean connected() {
        return listening.get() != null && announcing.get() != null;
    }

    /** Tells the other instances that the user has a new row (fire and forget: see the class comment). */
    void announce(long userId) {
        StatefulRedisConnection<String, String> connection = announcing.get();
        if (connection == null) {
            return;
        }
        connection.async().publish(channel, instance + ":" + userId).whenComplete((listeners, failure) -> {
            // one line per outage, not one per row
            if (failure == null) {
                failing.set(false);
            }
            else if (failing.compareAndSet(false, true)) {
                log.warn("Could not ring the other notifier instances: {}", failure.toString());
            }
        });
    }

    private void heard(String message) {
        int colon = message.lastIndexOf(':');
        if (colon <= 0 || message.substring(0, colon).equals(instance)) {
            return;
        }
        try {
            live.ring(Long.parseLong(message.substring(colon + 1)));
        }
        catch (NumberFormatException ex) {
            log.warn("Ignored a malformed message on {}: {}", channel, message);
        }
    }

    @Override
    public void destroy() {
        Disposable start = starting;
        if (start != null) {
            start.dispose();
        }
        close(listening.getAndSet(null));
        close(announcing.getAndSet(null));
        client.shutdown(SHUTDOWN_QUIET_PERIOD, SHUTDOWN_TIMEOUT);
        resources.shutdown(SHUTDOWN_QUIET_PERIOD.toMillis(), SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void close(@Nullable StatefulConnection<String, String> connection) {
        if (connection != null) {
            connection.close();
        }
    }
}
