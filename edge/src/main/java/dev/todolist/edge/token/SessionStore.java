package dev.todolist.edge.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import dev.todolist.edge.redis.EdgeRedis;
import dev.todolist.edge.redis.LuaScript;
import dev.todolist.edge.redis.RedisKeys;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Login sessions in Redis, one record each ({@code session:<sid>}): who it belongs to, the hash of its one live
 * refresh token, of the one just rotated and of the last {@value #ROTATED_REMEMBERED} rotated, when it rotated and
 * when it began. A refresh token lives
 * {@code REFRESH_TOKEN_TTL} after its last use, and never longer than {@code REFRESH_TOKEN_MAX_LIFETIME} after the
 * login; a user holds at most {@code MAX_SESSIONS_PER_USER} sessions (starting one more ends the oldest).
 */
@Component
class SessionStore {

    private static final LuaScript START = LuaScript.load("session-start");

    private static final LuaScript ROTATE = LuaScript.load("session-rotate");

    private static final LuaScript END = LuaScript.load("session-end");

    /**
     * How many of a session's rotated refresh tokens it remembers (their hashes, 43 characters each), so that only a
     * token it issued counts as reuse and ends it: a made-up one with its sid, which is no secret, is merely unknown.
     * A rotation every access-token lifetime (15 min) keeps 16 hours of them; a token older than that is unknown too.
     */
    static final int ROTATED_REMEMBERED = 64;

    private static final String ROTATED_REMEMBERED_ARG = Integer.toString(ROTATED_REMEMBERED);

    private final EdgeRedis redis;

    private final RedisKeys keys;

    private final String slidingMillis;

    private final long maxLifetimeMillis;

    private final String graceMillis;

    private final String maxSessions;

    private final String revocationFloorMillis;

    SessionStore(EdgeRedis redis, RedisKeys keys, TokenProperties properties) {
        this.redis = redis;
        this.keys = keys;
        this.slidingMillis = Long.toString(properties.refreshTokenTtl().toMillis());
        this.maxLifetimeMillis = properties.refreshTokenMaxLifetime().toMillis();
        this.graceMillis = Long.toString(properties.refreshReuseGrace().toMillis());
        this.maxSessions = Integer.toString(properties.maxSessionsPerUser());
        // a revoked session must be remembered at least as long as its access tokens live
        this.revocationFloorMillis = Long.toString(properties.accessTokenTtl().toMillis());
    }

    /** Starts a session whose first refresh token is {@code token}; ends the user's oldest ones over the cap. */
    Mono<Void> start(Owner owner, RefreshToken token, Instant now) {
        String sid = token.sessionId();
        long ttl = Math.min(Long.parseLong(slidingMillis), maxLifetimeMillis);
        Mono<List<String>> overCap = redis.run(START,
                List.of(keys.session(sid), keys.userSessions(owner.userId())), sid, Long.toString(owner.userId()),
                owner.email(), token.hash(), Long.toString(now.toEpochMilli()), Long.toString(ttl), maxSessions,
                Long.toString(maxLifetimeMillis));
        return overCap.flatMapMany(Flux::fromIterable).concatMap(old -> end(old, owner.userId())).then();
    }

    /** Uses {@code presented} once, making {@code successor} the session's live token. */
    Mono<Rotation> rotate(RefreshToken presented, RefreshToken successor, Instant now) {
        String sid = presented.sessionId();
        return redis.<List<Object>>run(ROTATE, List.of(keys.session(sid), keys.revokedSession(sid)),
                presented.hash(), successor.hash(), Long.toString(now.toEpochMilli()), slidingMillis,
                Long.toString(maxLifetimeMillis), graceMillis, revocationFloorMillis, keys.endedSessions(), sid,
                ROTATED_REMEMBERED_ARG)
            .map(Rotation::of);
    }

    /** Logout: the session ends and the access token presented with it is revoked, in one step. */
    Mono<Void> end(String sid, long userId, String accessTokenId, Duration accessTokenLeft) {
        return redis.run(END,
                List.of(keys.revokedSession(sid), keys.session(sid), keys.userSessions(userId),
                        keys.revokedToken(accessTokenId)),
                sid, revocationFloorMillis, Long.toString(Math.max(0, accessTokenLeft.toMillis())),
                keys.endedSessions())
            .then();
    }

    /**
     * Logout's second part: the session of the refresh token the client sent with it, when that is another of the
     * user's sessions and the token its live one or the one just rotated (a browser whose cookie is a newer login
     * than the access token of the tab that logs out). Anything else is left alone: the sid is no secret.
     */
    Mono<Void> endHeld(RefreshToken held, long userId) {
        String sid = held.sessionId();
        return redis.run(END, List.of(keys.revokedSession(sid), keys.session(sid), keys.userSessions(userId)), sid,
                revocationFloorMillis, "0", keys.endedSessions(), held.hash(), Long.toString(userId))
            .then();
    }

    private Mono<Void> end(String sid, long userId) {
        return redis.run(END, List.of(keys.revokedSession(sid), keys.session(sid), keys.userSessions(userId)), sid,
                revocationFloorMillis, "0", keys.endedSessions())
            .then();
    }

    /** Whom a session belongs to. */
    record Owner(long userId, String email) {
    }

    enum Outcome {
        ROTATED, REPEATED, UNKNOWN, REVOKED, REUSED
    }

    /** What a rotation found; owner and rotation time are set when it rotated or repeated. */
    record Rotation(Outcome outcome, @Nullable Owner owner, @Nullable Instant rotatedAt) {

        static Rotation of(List<Object> reply) {
            Outcome outcome = Outcome.valueOf(reply.get(0).toString().toUpperCase(Locale.ROOT));
            if (outcome != Outcome.ROTATED && outcome != Outcome.REPEATED) {
                return new Rotation(outcome, null, null);
            }
            Owner owner = new Owner(Long.parseLong(reply.get(1).toString()), reply.get(2).toString());
            return new Rotation(outcome, owner, Instant.ofEpochMilli(Long.parseLong(reply.get(3).toString())));
        }
    }
}
