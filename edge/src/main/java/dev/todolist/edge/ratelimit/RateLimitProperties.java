package dev.todolist.edge.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code AUTH_RATE_LIMIT_PER_MINUTE} ({@code edge.rate-limit.per-minute}): requests per route, client and minute. */
@ConfigurationProperties("edge.rate-limit")
record RateLimitProperties(int perMinute) {

    RateLimitProperties {
        if (perMinute < 1) {
            throw new IllegalArgumentException("AUTH_RATE_LIMIT_PER_MINUTE must be at least 1");
        }
    }
}
