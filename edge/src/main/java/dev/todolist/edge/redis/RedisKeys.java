package dev.todolist.edge.redis;

import org.springframework.stereotype.Component;

/**
 * Every Redis key the edge reads or writes, all behind {@code REDIS_KEY_PREFIX}; the Lua scripts get them in
 * {@code KEYS} and never build one themselves.
 * <ul>
 * <li>{@code blacklist:<jti>}: a revoked access token, until it would have expired;</li>
 * <li>{@code revoked-sid:<sid>}: a revoked login session, so every access and refresh token of it;</li>
 * <li>{@code session:<sid>}: a login session's one record (a hash: user id, email, the hashes of its current,
 * just-rotated and last rotated refresh tokens, when it rotated and when it began), living as long as its refresh
 * token may;</li>
 * <li>{@code sessions:<user id>}: the user's sessions by start time, so that the oldest go past the cap;</li>
 * <li>{@code rate:<route>:<client>}: a rate-limit window's count;</li>
 * <li>{@code revocation-epoch}: since when Redis holds every revocation (epoch milliseconds), and
 * {@code revocation-epoch:<that value>}, its marker, which every token check asks for beside the revocations: both
 * vanish with Redis's data.</li>
 * </ul>
 * And one Pub/Sub channel, {@code ended-sessions}: the session scripts publish there the sid of every session they
 * end or revoke, and every edge ends its open event streams of that sid.
 */
@Component
public class RedisKeys {

    private final String revokedToken;

    private final String revokedSession;

    private final String session;

    private final String userSessions;

    private final String rate;

    private final String endedSessions;

    private final String revocationEpoch;

    RedisKeys(RedisProperties properties) {
        String prefix = properties.keyPrefix();
        this.revokedToken = prefix + "blacklist:";
        this.revokedSession = prefix + "revoked-sid:";
        this.session = prefix + "session:";
        this.userSessions = prefix + "sessions:";
        this.rate = prefix + "rate:";
        this.endedSessions = prefix + "ended-sessions";
        this.revocationEpoch = prefix + "revocation-epoch";
    }

    public String revokedToken(String jti) {
        return revokedToken.concat(jti);
    }

    public String revokedSession(String sid) {
        return revokedSession.concat(sid);
    }

    public String session(String sid) {
        return session.concat(sid);
    }

    public String userSessions(long userId) {
        return userSessions + userId;
    }

    /** The Pub/Sub channel of ended sessions (its messages are sids). */
    public String endedSessions() {
        return endedSessions;
    }

    public String revocationEpoch() {
        return revocationEpoch;
    }

    public String revocationEpochMarker(String epoch) {
        return revocationEpoch + ":" + epoch;
    }

    public String rate(String route, String client) {
        return rate + route + ":" + client;
    }
}
