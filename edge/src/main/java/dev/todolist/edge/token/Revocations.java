package dev.todolist.edge.token;

import org.springframework.stereotype.Component;

import dev.todolist.edge.observability.EdgeMetrics;
import dev.todolist.edge.redis.EdgeRedis;
import dev.todolist.edge.redis.RedisKeys;
import reactor.core.publisher.Mono;

/**
 * Whether an access token was revoked, by itself ({@code blacklist:<jti>}, logout) or with its whole login session
 * ({@code revoked-sid:<sid>}: logout, refresh-token reuse, a session over its user's cap). One {@code EXISTS} of
 * both keys: the one round trip every authenticated request pays.
 */
@Component
class Revocations {

    private final EdgeRedis redis;

    private final RedisKeys keys;

    private final EdgeMetrics metrics;

    Revocations(EdgeRedis redis, RedisKeys keys, EdgeMetrics metrics) {
        this.redis = redis;
        this.keys = keys;
        this.metrics = metrics;
    }

    /** True when the token or its session was revoked; an error when Redis does not answer. */
    Mono<Boolean> isRevoked(String jti, String sid) {
        return metrics.timeRevocationCheck(() -> redis.exists(keys.revokedToken(jti), keys.revokedSession(sid)))
            .map(found -> found > 0);
    }
}
