package dev.todolist.edge.ratelimit;

import java.time.Duration;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.todolist.edge.redis.EdgeRedis;
import dev.todolist.edge.redis.LuaScript;
import dev.todolist.edge.redis.RedisKeys;
import reactor.core.publisher.Mono;

/**
 * A fixed one-minute window per route and client, counted in Redis by one script so that every edge instance shares
 * the count. Emits {@link Duration#ZERO} when the request may pass, otherwise how long until the window ends; an
 * error when Redis does not answer (the caller decides whether that fails open or closed).
 */
@Component
class RateLimiter {

    private static final LuaScript COUNT = LuaScript.load("rate-limit");

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private static final String WINDOW_MILLIS = Long.toString(WINDOW.toMillis());

    private final EdgeRedis redis;

    private final RedisKeys keys;

    private final long limit;

    RateLimiter(EdgeRedis redis, RedisKeys keys, RateLimitProperties properties) {
        this.redis = redis;
        this.keys = keys;
        this.limit = properties.perMinute();
    }

    Mono<Duration> check(String route, String clientIp) {
        return redis.<List<Long>>run(COUNT, List.of(keys.rate(route, ClientKeys.of(clientIp))), WINDOW_MILLIS)
            .map(reply -> reply.get(0) <= limit ? Duration.ZERO : Duration.ofMillis(reply.get(1)));
    }
}
