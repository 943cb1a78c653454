package dev.todolist.edge.auth;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The edge's own Redis connection for tokens and rate limits: one multiplexed Lettuce connection, opened without
 * blocking (Spring Data Redis opens its shared connection with a blocking wait, which must not happen on an event
 * loop), re-opened on the next command if Redis was down when first asked, and kept up by Lettuce's automatic
 * reconnect afterwards. While disconnected, commands fail at once; a hung Redis fails them after the command timeout.
 */
@Component
class EdgeRedis implements DisposableBean {

    private final ClientResources resources;

    private final RedisClient client;

    private final RedisURI uri;

    private final AtomicReference<StatefulRedisConnection<String, String>> connection = new AtomicReference<>();

    private volatile Mono<StatefulRedisConnection<String, String>> ready;

    EdgeRedis(RedisProperties properties, @Value("${spring.data.redis.timeout:500ms}") Duration commandTimeout,
            @Value("${spring.data.redis.connect-timeout:500ms}") Duration connectTimeout) {
        RedisURI.Builder builder = RedisURI.builder().withHost(properties.host()).withPort(properties.port())
            .withTimeout(commandTimeout);
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
            .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).build())
            .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
            .build());
    }

    /** The reactive commands, connecting first if there is no connection yet. */
    Mono<RedisReactiveCommands<String, String>> commands() {
        return connection().map(StatefulRedisConnection::reactive);
    }

    /**
     * The asynchronous commands, connecting first if there is no connection yet: lighter than the reactive ones for
     * a command with one reply, so the per-request revocation check uses them.
     */
    Mono<RedisAsyncCommands<String, String>> async() {
        return connection().map(StatefulRedisConnection::async);
    }

    private Mono<StatefulRedisConnection<String, String>> connection() {
        Mono<StatefulRedisConnection<String, String>> current = ready;
        return current != null ? current : connect();
    }

    private Mono<StatefulRedisConnection<String, String>> connect() {
        return Mono.fromCompletionStage(() -> client.connectAsync(StringCodec.UTF8, uri)).map(opened -> {
            if (connection.compareAndSet(null, opened)) {
                ready = Mono.just(opened);
                return opened;
            }
            opened.closeAsync();
            return connection.get();
        });
    }

    @Override
    public void destroy() {
        StatefulRedisConnection<String, String> open = connection.getAndSet(null);
        if (open != null) {
            open.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
