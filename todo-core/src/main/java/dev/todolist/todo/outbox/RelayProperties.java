package dev.todolist.todo.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The outbox relay's settings ({@code todo.outbox.relay.*}; defaults and environment variables in
 * application.yaml).
 *
 * @param enabled whether this instance runs a relay ({@code OUTBOX_RELAY_ENABLED})
 * @param batch at most this many events claimed per round ({@code OUTBOX_RELAY_BATCH})
 * @param interval the longest pause after a round that found less than a full batch ({@code OUTBOX_RELAY_INTERVAL});
 *     a change committed on this instance ends it at once ({@link RelayNudges})
 * @param lease how long a claim holds its rows: a crashed relay's rows are claimable again after it
 *     ({@code OUTBOX_RELAY_LEASE}); longer than a round can take
 * @param deadline the deadline of one publish call ({@code OUTBOX_RELAY_DEADLINE})
 * @param maxAttempts failed attempts after which an event is parked ({@code OUTBOX_RELAY_MAX_ATTEMPTS})
 * @param backoff the wait after the first failed attempt, doubled after each further one
 *     ({@code OUTBOX_RELAY_BACKOFF})
 * @param maxBackoff the longest wait between attempts ({@code OUTBOX_RELAY_MAX_BACKOFF})
 * @param concurrency users whose events are published at the same time ({@code OUTBOX_RELAY_CONCURRENCY})
 */
@ConfigurationProperties("todo.outbox.relay")
public record RelayProperties(boolean enabled, int batch, Duration interval, Duration lease, Duration deadline,
        int maxAttempts, Duration backoff, Duration maxBackoff, int concurrency) {

    public RelayProperties {
        if (batch < 1 || maxAttempts < 1 || concurrency < 1) {
            throw new IllegalArgumentException(
                    "OUTBOX_RELAY_BATCH, OUTBOX_RELAY_MAX_ATTEMPTS and OUTBOX_RELAY_CONCURRENCY must be at least 1.");
        }
        if (lease.compareTo(deadline.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("OUTBOX_RELAY_LEASE must be at least twice OUTBOX_RELAY_DEADLINE.");
        }
    }

    /** The wait after the {@code attempts}-th failed attempt. */
    Duration backoffAfter(int attempts) {
        Duration wait = backoff;
        for (int i = 1; i < attempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return withinBackoff(wait);
    }

    /** The wait, kept between {@code backoff} and {@code maxBackoff}: every wait of the relay's is. */
    Duration withinBackoff(Duration wait) {
        return wait.compareTo(backoff) < 0 ? backoff : wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
