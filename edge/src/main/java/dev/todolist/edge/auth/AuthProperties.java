package dev.todolist.edge.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Token and password settings: {@code JWT_SECRET} (required, 32+ bytes), {@code ACCESS_TOKEN_TTL},
 * {@code REFRESH_TOKEN_TTL}, {@code REFRESH_COOKIE_SECURE}, {@code BCRYPT_COST}, {@code BCRYPT_THREADS},
 * {@code AUTH_RATE_LIMIT_PER_MINUTE}.
 */
@ConfigurationProperties("edge.auth")
record AuthProperties(String jwtSecret, Duration accessTokenTtl, Duration refreshTokenTtl, boolean cookieSecure,
        int bcryptCost, int bcryptThreads, int rateLimitPerMinute) {

    static final int MIN_SECRET_BYTES = 32;

    AuthProperties {
        if (jwtSecret == null || jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("JWT_SECRET must be set to a secret of at least " + MIN_SECRET_BYTES
                    + " bytes (e.g. head -c 48 /dev/urandom | base64); the edge refuses to start without it");
        }
        accessTokenTtl = positive(accessTokenTtl, Duration.ofMinutes(15), "ACCESS_TOKEN_TTL");
        refreshTokenTtl = positive(refreshTokenTtl, Duration.ofDays(7), "REFRESH_TOKEN_TTL");
        bcryptCost = bcryptCost == 0 ? 10 : bcryptCost;
        if (bcryptCost < 4 || bcryptCost > 31) {
            throw new IllegalArgumentException("BCRYPT_COST must be between 4 and 31");
        }
        bcryptThreads = bcryptThreads > 0 ? bcryptThreads
                : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        if (rateLimitPerMinute < 1) {
            throw new IllegalArgumentException("AUTH_RATE_LIMIT_PER_MINUTE must be at least 1");
        }
    }

    byte[] secretBytes() {
        return jwtSecret.getBytes(StandardCharsets.UTF_8);
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        Duration result = value == null ? fallback : value;
        if (result.isNegative() || result.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return result;
    }
}
