package dev.todolist.edge.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
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
import reactor.core.publisher.Mono;

/**
 * The edge's one Redis client (tokens, sessions, rate limits, the readiness probe): one multiplexed Lettuce
 * connection (plus a Pub/Sub connection per {@link #listen}ed channel), opened without blocking at start-up, re-opened on the next command if Redis was down then, and kept
 * up by Lettuce's automatic reconnect afterwards. While disconnected, commands fail at once; a hung Redis fails them
 * after the command timeout ({@code REDIS_TIMEOUT}).
 * <p>
 * Lettuce is used directly rather than through Spring Data Redis: Spring Data opens its shared connection with a
 * blocking wait, which must not happen on an event loop, and the edge needs four commands, not a template. The
 * asynchronous API is used because each call here has exactly one reply: it costs less per call than the reactive
 * one, on the one command every proxied request pays ({@link #exists}).
 */
@Component
public class EdgeRedis implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EdgeRedis.class);

    /** Lettuce's switch for Netty's io_uring transport (its {@code IOUringProvider}). */
    static final String LETTUCE_IO_URING = "io.lettuce.core.iouring";

    static {
        // Netty's io_uring transport is on the class path for Reactor Netty (EventLoopTransport). Lettuce, seeing it
        // beside epoll, keeps to epoll with a WARN, then sets io_uring's socket options on its epoll channels (a WARN
        // each, options lost); on io_uring itself it gained nothing measurable (README, "Performance"). So it is told
        // to leave io_uring alone, unless the JVM's options say otherwise. Before any client resources are built.
        if (System.getProperty(LETTUCE_IO_URING) == null) {
            System.setProperty(LETTUCE_IO_URING, "false");
        }
    }

    private static final Duration SHUTDOWN_QUIET_PERIOD = Duration.ofMillis(100);

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private final ClientResources resources;

    private final RedisClient client;

    private final RedisURI uri;

    private final AtomicReference<StatefulRedisConnection<String, String>> connection = new AtomicReference<>();

    private final List<StatefulRedisPubSubConnection<String, String>> listeners = new CopyOnWriteArrayList<>();

    /** The open connection's commands, once there is one (Lettuce reconnects it by itself from then on). */
    private volatile @Nullable Mono<RedisAsyncCommands<String, String>> ready;

    /** The connection attempt under way, shared by every command that arrives meanwhile. */
    private final AtomicReference<@Nullable Mono<RedisAsyncCommands<String, String>>> connecting = new AtomicReference<>();

    EdgeRedis(RedisProperties properties) {
        RedisURI.Builder builder = RedisURI.builder()
            .withHost(properties.host())
            .withPort(properties.port())
            .withTimeout(properties.timeout());
        if (!properties.password().isEmpty()) {
            builder.withPassword(properties.password().toCharArray());
        }
        this.uri = builder.build();
        // reconnect quickly after an outage: 100 ms, doubling, at most 2 s between attempts
        this.resources = DefaultClientResources.builder()
            .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
            .nettyCustomizer(new JoinedFlushes())
            .build();
        this.client = RedisClient.create(resources);
        this.client.setOptions(ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(properties.connectTimeout()).build())
            .timeoutOptions(TimeoutOptions.enabled(properties.timeout()))
            .build());
    }

    /**
     * Connects in the background at start-up, so that the first request does not pay for the handshake (and the
     * class loading behind it) within its command timeout. If Redis is down now, the first command tries again.
     */
    @Override
    public void afterPropertiesSet() {
        commands().subscribe(commands -> log.info("Connected to Redis at {}:{}", uri.getHost(), uri.getPort()),
                failure -> log.warn("Redis at {}:{} does not answer yet ({}); the edge will try again",
                        uri.getHost(), uri.getPort(), failure.toString()));
    }

    /** How many of the keys exist. */
    public Mono<Long> exists(String... keys) {
        return call(commands -> commands.exists(keys));
    }

    /** Whether each key exists (in the order given): one {@code MGET}, for keys whose values are never empty. */
    public Mono<List<Boolean>> existEach(List<String> keys) {
        if (keys.isEmpty()) {
            return Mono.just(List.of());
        }
        String[] keyArray = keys.toArray(String[]::new);
        return call(commands -> commands.mget(keyArray))
            .map(values -> values.stream().map(KeyValue::hasValue).toList());
    }

    /** The members of a sorted set, lowest score first. */
    public Mono<List<String>> members(String sortedSet) {
        return call(commands -> commands.zrange(sortedSet, 0, -1));
    }

    /**
     * Hands every message published on {@code channel} to {@code onMessage} (on a Lettuce thread: it must not
     * block), on a Pub/Sub connection of its own that Lettuce re-subscribes after a reconnect. Completes once
     * subscribed; fails when Redis does not answer (the caller tries again).
     */
    public Mono<Void> listen(String channel, Consumer<String> onMessage) {
        return Mono.fromCompletionStage(() -> client.connectPubSubAsync(StringCodec.UTF8, uri))
            .flatMap(pubSub -> {
                pubSub.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String from, String message) {
                        onMessage.accept(message);
                    }
                });
                listeners.add(pubSub);
                return Mono.fromCompletionStage(pubSub.async().subscribe(channel)).doOnError(failure -> {
                    listeners.remove(pubSub);
                    pubSub.closeAsync();
                });
            });
    }

    /** Runs a script with its keys and arguments; its reply as Lettuce maps it (a list for a Lua table). */
    public <T> Mono<T> run(LuaScript script, List<String> keys, String... args) {
        String[] keyArray = keys.toArray(String[]::new);
        return call(commands -> commands.<T>evalsha(script.sha1(), ScriptOutputType.MULTI, keyArray, args))
            .onErrorResume(RedisNoScriptException.class,
                    unknown -> call(commands -> commands.<T>eval(script.source(), ScriptOutputType.MULTI, keyArray,
                            args)));
    }

    /** A section of {@code INFO}, as Redis writes it ({@code field:value} lines). */
    Mono<String> info(String section) {
        return call(commands -> commands.info(section));
    }

    /** {@code PONG}, or an error when Redis does not answer (the readiness probe). */
    Mono<String> ping() {
        return call(RedisAsyncCommands::ping);
    }

    private <T> Mono<T> call(Function<RedisAsyncCommands<String, String>, CompletionStage<T>> command) {
        return commands().flatMap(c -> Mono.fromCompletionStage(command.apply(c)));
    }

    private Mono<RedisAsyncCommands<String, String>> commands() {
        Mono<RedisAsyncCommands<String, String>> open = ready;
        if (open != null) {
            return open;
        }
        Mono<RedisAsyncCommands<String, String>> attempt = connecting.get();
        if (attempt != null) {
            return attempt;
        }
        // a failed attempt is forgotten, so that the next command tries again
        AtomicReference<Mono<RedisAsyncCommands<String, String>>> self = new AtomicReference<>();
        Mono<RedisAsyncCommands<String, String>> fresh = connect()
            .doOnError(failure -> connecting.compareAndSet(self.get(), null))
            .cache();
        self.set(fresh);
        return connecting.compareAndSet(null, fresh) ? fresh : commands();
    }

    private Mono<RedisAsyncCommands<String, String>> connect() {
        return Mono.fromCompletionStage(() -> client.connectAsync(StringCodec.UTF8, uri)).map(opened -> {
            connection.set(opened);
            RedisAsyncCommands<String, String> commands = opened.async();
            ready = Mono.just(commands);
            return commands;
        });
    }

    /**
     * Lets a connection attempt still under way settle first (its channel would otherwise be cut mid-handshake and
     * never unregistered, leaking Lettuce's read buffer), closes the connection, then stops the event loops with a
     * short quiet period, so that the channels' unregistration tasks still run.
     */
    @Override
    public void destroy() {
        Mono<RedisAsyncCommands<String, String>> attempt = connecting.get();
        if (attempt != null) {
            attempt.onErrorComplete().block(SHUTDOWN_TIMEOUT);
        }
        StatefulRedisConnection<String, String> open = connection.getAndSet(null);
        if (open != null) {
            open.close();
        }
        listeners.forEach(StatefulRedisPubSubConnection::close);
        listeners.clear();
        client.shutdown(SHUTDOWN_QUIET_PERIOD, SHUTDOWN_TIMEOUT);
        resources.shutdown(SHUTDOWN_QUIET_PERIOD.toMillis(), SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
