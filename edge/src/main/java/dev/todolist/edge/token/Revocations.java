package dev.todolist.edge.token;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import dev.todolist.edge.observability.EdgeMetrics;
import dev.todolist.edge.redis.EdgeRedis;
import dev.todolist.edge.redis.RedisKeys;
import dev.todolist.edge.token.RevocationEpoch.Epoch;
import reactor.core.publisher.Mono;

/**
 * Whether an access token was revoked, by itself ({@code blacklist:<jti>}, logout) or with its whole login session
 * ({@code revoked-sid:<sid>}: logout, refresh-token reuse, a session over its user's cap), or was issued before
 * Redis's {@link RevocationEpoch} (the revocations of an older token may be lost). One {@code EXISTS} of the two
 * revocation keys and the epoch's marker: the one round trip every authenticated request pays.
 */
@Component
public class Revocations {

    /**
     * How often the check names the epoch's marker: {@code EXISTS} counts a key once for each time it is named, so
     * with the marker named once more than there are revocation keys, the count tells both apart (count = marker
     * found × this + revocations found).
     */
    private static final int MARKER_NAMED = 3;

    private static final Mono<Boolean> REVOKED = Mono.just(true);

    private static final Mono<Boolean> NOT_REVOKED = Mono.just(false);

    private final EdgeRedis redis;

    private final RedisKeys keys;

    private final RevocationEpoch epochs;

    private final EdgeMetrics metrics;

    Revocations(EdgeRedis redis, RedisKeys keys, RevocationEpoch epochs, EdgeMetrics metrics) {
        this.redis = redis;
        this.keys = keys;
        this.epochs = epochs;
        this.metrics = metrics;
    }

    /** True when the token or its session was revoked, or it is older than the epoch; an error when Redis fails. */
    Mono<Boolean> isRevoked(String jti, String sid, @Nullable Instant issuedAt) {
        Epoch epoch = epochs.known();
        return epoch != null ? check(jti, sid, issuedAt, epoch, true)
                : epochs.current(null).flatMap(learnt -> check(jti, sid, issuedAt, learnt, true));
    }

    /**
     * The second since which access tokens are trusted: the epoch's beginning, renewed as a check renews it when Redis
     * lost its data. For a token checked once and relied on since (an open event stream's), which a loss revoked.
     */
    public Mono<Long> trustedSince() {
        Epoch epoch = epochs.known();
        if (epoch == null) {
            return epochs.current(null).map(Epoch::seconds);
        }
        return redis.exists(epoch.marker())
            .flatMap(found -> found > 0 ? Mono.just(epoch.seconds()) : epochs.current(epoch).map(Epoch::seconds));
    }

    private Mono<Boolean> check(String jti, String sid, @Nullable Instant issuedAt, Epoch epoch, boolean mayRenew) {
        String marker = epoch.marker();
        return metrics.timeRevocationCheck(() -> redis.exists(keys.revokedToken(jti), keys.revokedSession(sid),
                marker, marker, marker))
            .flatMap(found -> {
                if (found % MARKER_NAMED != 0) {
                    return REVOKED;
                }
                if (found > 0) {
                    return epoch.covers(issuedAt) ? NOT_REVOKED : REVOKED;
                }
                if (mayRenew) {
                    // the marker is gone: Redis lost its data, or another edge began a newer epoch
                    return epochs.current(epoch).flatMap(current -> check(jti, sid, issuedAt, current, false));
                }
                return Mono.error(new IllegalStateException("Redis lost the revocation epoch it had just begun"));
            });
    }
}
