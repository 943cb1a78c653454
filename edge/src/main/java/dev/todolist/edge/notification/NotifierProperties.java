package dev.todolist.edge.notification;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the edge calls the notifier; the defaults are in application.properties. The address is Spring gRPC's channel
 * {@code notifier} ({@code NOTIFIER_ADDR}); the circuit breaker's settings are Resilience4j's instance
 * {@code notifier}.
 *
 * @param deadline how long one call may take: a notifier that is down, slow or failing costs a request at most this
 *        (the contract: a 503 within 1 s)
 * @param retryAfter the {@code Retry-After} of a 503 while the breaker is closed (open: the time until it half-opens)
 */
@ConfigurationProperties("edge.notifier")
record NotifierProperties(Duration deadline, Duration retryAfter) {

    NotifierProperties {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("edge.notifier.deadline (NOTIFIER_DEADLINE) must be positive");
        }
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("edge.notifier.retry-after must be positive");
        }
    }
}
