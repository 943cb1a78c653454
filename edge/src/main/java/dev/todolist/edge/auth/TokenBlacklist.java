package dev.todolist.edge.auth;

import java.time.Duration;

import io.lettuce.core.KeyValue;
import io.lettuce.core.SetArgs;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Revoked access tokens and login sessions in Redis. The check a request pays is one {@code MGET} of the token's
 * {@code blacklist:<jti>} and its session's {@code revoked-sid:<sid>}: one round trip.
 */
@Component
class TokenBlacklist {

    private final EdgeRedis redis;

    private final RedisKeys keys;

    TokenBlacklist(EdgeRedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** True when the token or its whole session was revoked; an error when Redis does not answer. */
    Mono<Boolean> isRevoked(String jti, String sid) {
        String tokenKey = keys.blacklist(jti);
        String sessionKey = keys.revokedSession(sid);
        return redis.async()
            .flatMap(commands -> Mono.fromCompletionStage(commands.mget(tokenKey, sessionKey)))
            .map(values -> values.stream().anyMatch(KeyValue::hasValue));
    }

    /** Revokes one access token until it would have expired anyway. */
    Mono<Void> revokeToken(String jti, Duration remaining) {
        if (remaining.isNegative() || remaining.isZero()) {
            return Mono.empty();
        }
        return redis.commands()
            .flatMap(commands -> commands.set(keys.blacklist(jti), "1", SetArgs.Builder.px(remaining.toMillis())))
            .then();
    }
}
