package dev.todolist.edge.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.lettuce.core.ScriptOutputType;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A fixed one-minute window per route and client IP, counted in Redis by one script (INCR, PEXPIRE on the first
 * hit, PTTL) so that every edge instance shares the count. When Redis fails the request is let through (fail
 * open): throttling is a cost control, and the routes behind it stay protected by bcrypt and by the revocation
 * checks, which fail closed.
 */
@Component
class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    private static final long WINDOW_MILLIS = 60_000;

    private static final String COUNT = """
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
            return count .. ' ' .. ttl
            """;

    private static final String WINDOW = Long.toString(WINDOW_MILLIS);

    private final EdgeRedis redis;

    private final RedisKeys keys;

    private final int limit;

    RateLimiter(EdgeRedis redis, RedisKeys keys, AuthProperties properties) {
        this.redis = redis;
        this.keys = keys;
        this.limit = properties.rateLimitPerMinute();
    }

    /** Emits 0 when the request may pass, otherwise the seconds until the window ends (for Retry-After). */
    Mono<Long> check(String route, String clientIp) {
        String key = keys.rate(route, clientIp);
        return redis.commands()
            .flatMap(commands -> commands.<String>eval(COUNT, ScriptOutputType.VALUE, new String[] { key }, WINDOW)
                .next())
            .map(this::retryAfterSeconds)
            .onErrorResume(ex -> {
                log.warn("Rate limit not enforced, Redis failed: {}", ex.toString());
                return Mono.just(0L);
            })
            .defaultIfEmpty(0L);
    }

    private long retryAfterSeconds(String result) {
        int space = result.indexOf(' ');
        long count = Long.parseLong(result.substring(0, space));
        if (count <= limit) {
            return 0L;
        }
        long ttlMillis = Long.parseLong(result.substring(space + 1));
        return Math.max(1L, (ttlMillis + 999) / 1000);
    }
}
