package dev.todolist.edge.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.todolist.http.Durations;

/**
 * Access and refresh tokens ({@code edge.token.*}; defaults and environment variables in
 * {@code application.properties}): the HS256 secret, the access token's lifetime, the refresh token's sliding
 * lifetime (renewed at each use) and its session's absolute one (never renewed), the grace in which presenting the
 * refresh token that was just rotated returns the same new pair instead of counting as reuse, and how many login
 * sessions one user may hold before the oldest is ended.
 */
@ConfigurationProperties("edge.token")
record TokenProperties(String jwtSecret, Duration accessTokenTtl, Duration refreshTokenTtl,
        Duration refreshTokenMaxLifetime, Duration refreshReuseGrace, int maxSessionsPerUser) {

    static final int MIN_SECRET_BYTES = 32;

    TokenProperties {
        if (jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("JWT_SECRET must be set to a secret of at least " + MIN_SECRET_BYTES
                    + " bytes (e.g. head -c 48 /dev/urandom | base64); the edge refuses to start without it");
        }
        Durations.requirePositive(accessTokenTtl, "ACCESS_TOKEN_TTL");
        Durations.requirePositive(refreshTokenTtl, "REFRESH_TOKEN_TTL");
        Durations.requirePositive(refreshTokenMaxLifetime, "REFRESH_TOKEN_MAX_LIFETIME");
        if (refreshReuseGrace.isNegative() || refreshReuseGrace.compareTo(accessTokenTtl) >= 0) {
            throw new IllegalArgumentException("REFRESH_REUSE_GRACE must be at least 0 and shorter than ACCESS_TOKEN_TTL");
        }
        if (maxSessionsPerUser < 1) {
            throw new IllegalArgumentException("MAX_SESSIONS_PER_USER must be at least 1");
        }
    }

    byte[] secretBytes() {
        return jwtSecret.getBytes(StandardCharsets.UTF_8);
    }
}
