package dev.todolist.edge.auth;

import io.lettuce.core.ScriptOutputType;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Opaque one-use refresh tokens (256 random bits) whose state lives in Redis, grouped in families: one family per
 * login session ({@code sid}). Each use rotates the token; presenting one that was already rotated revokes the
 * whole session (its refresh and access tokens) and fails. Only SHA-256 hashes of tokens are stored.
 */
@Component
class RefreshTokens {

    // KEYS: refresh:<old hash>. ARGV: prefix, old hash, new hash, refresh ttl ms, revocation ttl ms.
    private static final String ROTATE = """
            local v = redis.call('GET', KEYS[1])
            if not v then return 'unknown' end
            local sid = string.match(v, '^%S+ (%S+)')
            local revoked = ARGV[1] .. 'revoked-sid:' .. sid
            if redis.call('EXISTS', revoked) == 1 then return 'revoked' end
            local family = ARGV[1] .. 'refresh-family:' .. sid
            if redis.call('GET', family) ~= ARGV[2] then
              redis.call('SET', revoked, '1', 'PX', ARGV[5])
              redis.call('DEL', family)
              return 'reused'
            end
            redis.call('SET', ARGV[1] .. 'refresh:' .. ARGV[3], v, 'PX', ARGV[4])
            redis.call('SET', family, ARGV[3], 'PX', ARGV[4])
            return 'ok ' .. v
            """;

    // KEYS: refresh:<hash>, refresh-family:<sid>. ARGV: value, hash, ttl ms.
    private static final String ISSUE = """
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
            redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
            return 'ok'
            """;

    // KEYS: revoked-sid:<sid>, refresh-family:<sid>, refresh:<hash of the presented cookie or ''>. ARGV: ttl ms.
    private static final String REVOKE_SESSION = """
            redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
            redis.call('DEL', KEYS[2], KEYS[3])
            return 'ok'
            """;

    private final EdgeRedis redis;

    private final RedisKeys keys;

    private final RandomTokens random;

    private final String ttlMillis;

    private final String revocationTtlMillis;

    RefreshTokens(EdgeRedis redis, RedisKeys keys, RandomTokens random, AuthProperties properties) {
        this.redis = redis;
        this.keys = keys;
        this.random = random;
        this.ttlMillis = Long.toString(properties.refreshTokenTtl().toMillis());
        // a revoked session must outlive its longest-lived token
        this.revocationTtlMillis = Long.toString(
                Math.max(properties.refreshTokenTtl().toMillis(), properties.accessTokenTtl().toMillis()));
    }

    /** Starts the family of a new login session; emits the first refresh token. */
    Mono<String> issue(Session session) {
        String token = random.next(32);
        String hash = RandomTokens.sha256(token);
        return eval(ISSUE, new String[] { keys.refresh(hash), keys.family(session.sessionId()) }, session.encode(),
                hash, ttlMillis)
            .thenReturn(token);
    }

    /** Uses a refresh token once: emits the rotation's outcome. */
    Mono<Rotation> rotate(String token) {
        String oldHash = RandomTokens.sha256(token);
        String newToken = random.next(32);
        String newHash = RandomTokens.sha256(newToken);
        return eval(ROTATE, new String[] { keys.refresh(oldHash) }, keys.prefix(), oldHash, newHash, ttlMillis,
                revocationTtlMillis)
            .map(result -> switch (result) {
                case "unknown" -> Rotation.UNKNOWN;
                case "revoked" -> Rotation.REVOKED;
                case "reused" -> Rotation.REUSED;
                default -> new Rotation(Outcome.ROTATED, Session.decode(result.substring(3)), newToken);
            });
    }

    /** Logout: the session's tokens all die, and the presented refresh token (if any) with them. */
    Mono<Void> revokeSession(String sessionId, String presentedRefreshToken) {
        String presented = presentedRefreshToken == null || presentedRefreshToken.isEmpty() ? keys.refresh("-")
                : keys.refresh(RandomTokens.sha256(presentedRefreshToken));
        return eval(REVOKE_SESSION,
                new String[] { keys.revokedSession(sessionId), keys.family(sessionId), presented }, revocationTtlMillis)
            .then();
    }

    private Mono<String> eval(String script, String[] scriptKeys, String... args) {
        return redis.commands()
            .flatMap(commands -> commands.<String>eval(script, ScriptOutputType.VALUE, scriptKeys, args).next());
    }

    /** Who a refresh token belongs to. */
    record Session(long userId, String sessionId, String email) {

        String encode() {
            return userId + " " + sessionId + " " + email;
        }

        static Session decode(String value) {
            String[] parts = value.split(" ", 3);
            return new Session(Long.parseLong(parts[0]), parts[1], parts[2]);
        }
    }

    enum Outcome {
        ROTATED, UNKNOWN, REVOKED, REUSED
    }

    record Rotation(Outcome outcome, Session session, String token) {

        static final Rotation UNKNOWN = new Rotation(Outcome.UNKNOWN, null, null);

        static final Rotation REVOKED = new Rotation(Outcome.REVOKED, null, null);

        static final Rotation REUSED = new Rotation(Outcome.REUSED, null, null);
    }
}
