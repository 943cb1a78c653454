package dev.todolist.edge.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    private static final LuaScript OWNERS = LuaScript.load("session-owners");

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

    /**
     * Starts a session whose first refresh token is {@code token}; ends the user's oldest ones over the cap. Only live
     * sessions count: the user's sessions that ended by themselves (expired, or revoked by a reuse) are dropped from
     * the count first, so that they cannot push a live one out.
     */
    Mono<Void> start(Owner owner, RefreshToken token, Instant now) {
        String sid = token.sessionId();
        String userSessions = keys.userSessions(owner.userId());
        long ttl = Math.min(Long.parseLong(slidingMillis), maxLifetimeMillis);
        return redis.members(userSessions).flatMap(held -> {
            List<String> scriptKeys = new ArrayList<>(2 + held.size());
            scriptKeys.add(keys.session(sid));
            scriptKeys.add(userSessions);
            held.forEach(heldSid -> scriptKeys.add(keys.session(heldSid)));
            List<String> args = new ArrayList<>(8 + held.size());
            args.addAll(List.of(sid, Long.toString(owner.userId()), owner.email(), token.hash(),
                    Long.toString(now.toEpochMilli()), Long.toString(ttl), maxSessions,
                    Long.toString(maxLifetimeMillis)));
            args.addAll(held);
            return redis.<List<String>>run(START, scriptKeys, args.toArray(String[]::new));
        }).flatMapMany(Flux::fromIterable).concatMap(old -> end(old, owner.userId())).then();
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

    /**
     * The tokens among {@code tokens} that a rotation would accept now (a session's live token, or the one rotated
     * within the grace), each with its session's user, in the order given; nothing is used.
     */
    Mono<List<Held>> live(List<RefreshToken> tokens, Instant now) {
        if (tokens.isEmpty()) {
            return Mono.just(List.of());
        }
        List<String> args = new ArrayList<>(tokens.size() + 2);
        tokens.forEach(token -> args.add(token.hash()));
        args.add(Long.toString(now.toEpochMilli()));
        args.add(graceMillis);
        List<String> sessions = tokens.stream().map(token -> keys.session(token.sessionId())).toList();
        return redis.<List<String>>run(OWNERS, sessions, args.toArray(String[]::new))
            .map(owners -> {
                List<Held> live = new ArrayList<>(tokens.size());
                for (int i = 0; i < tokens.size(); i++) {
                    if (!owners.get(i).isEmpty()) {
                        live.add(new Held(tokens.get(i), Long.parseLong(owners.get(i))));
                    }
                }
                return live;
            });
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

    /** A refresh token a rotation would accept, and the user whose session it refreshes. */
    record Held(RefreshToken token, long userId) {
    }

    /** Whom a session belongs to. */
    record Owner(long userId, String email) {
    }

    enum Outcome {
        ROTATED, REPEATED, UNKNOWN, REVOKED, REUSED
    }

    /** What a rotation found; owner, rotation time and the session's start are set when it rotated or repeated. */
    record Rotation(Outcome outcome, @Nullable Owner owner, @Nullable Instant rotatedAt,
            @Nullable Instant sessionBorn) {

        static Rotation of(List<Object> reply) {
            Outcome outcome = Outcome.valueOf(reply.get(0).toString().toUpperCase(Locale.ROOT));
            if (outcome != Outcome.ROTATED && outcome != Outcome.REPEATED) {
                return new Rotation(outcome, null, null, null);
            }
            Owner owner = new Owner(Long.parseLong(reply.get(1).toString()), reply.get(2).toString());
            return new Rotation(outcome, owner, instant(reply.get(3)), instant(reply.get(4)));
        }

        private static Instant instant(Object epochMillis) {
            return Instant.ofEpochMilli(Long.parseLong(epochMillis.toString()));
        }
    }
}
