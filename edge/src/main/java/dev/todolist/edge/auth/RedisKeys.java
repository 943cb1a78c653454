package dev.todolist.edge.auth;

import org.springframework.stereotype.Component;

/**
 * Every Redis key the edge writes, behind {@code REDIS_KEY_PREFIX}:
 * {@code blacklist:<jti>} (a revoked access token, TTL until its exp), {@code revoked-sid:<sid>} (a revoked login
 * session: all its access and refresh tokens), {@code refresh:<sha256 of token>} ({@code "<user id> <sid> <email>"}),
 * {@code refresh-family:<sid>} (hash of the session's one live refresh token) and {@code rate:<route>:<ip>}.
 */
@Component
class RedisKeys {

    private final String prefix;

    private final String blacklist;

    private final String revokedSession;

    private final String refresh;

    private final String family;

    private final String rate;

    RedisKeys(RedisProperties properties) {
        this.prefix = properties.keyPrefix();
        this.blacklist = prefix + "blacklist:";
        this.revokedSession = prefix + "revoked-sid:";
        this.refresh = prefix + "refresh:";
        this.family = prefix + "refresh-family:";
        this.rate = prefix + "rate:";
    }

    String prefix() {
        return prefix;
    }

    String blacklist(String jti) {
        return blacklist.concat(jti);
    }

    String revokedSession(String sid) {
        return revokedSession.concat(sid);
    }

    String refresh(String tokenHash) {
        return refresh.concat(tokenHash);
    }

    String family(String sid) {
        return family.concat(sid);
    }

    String rate(String route, String clientIp) {
        return rate + route + ":" + clientIp;
    }
}
