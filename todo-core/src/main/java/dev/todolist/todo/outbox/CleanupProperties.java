package dev.todolist.todo.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the outbox keeps of the events it is done with ({@code todo.outbox.cleanup.*}; defaults and environment
 * variables in application.yaml).
 *
 * @param enabled whether this instance deletes expired rows ({@code OUTBOX_CLEANUP_ENABLED}); several instances
 *     may, they delete the same rows at worst
 * @param interval the pause between two cleanups ({@code OUTBOX_CLEANUP_INTERVAL})
 * @param sentRetention how long a published event stays after it was sent ({@code OUTBOX_SENT_RETENTION}): only
 *     for an operator's questions, the notifier holds the feed
 * @param parkedRetention how long an event the relay gave up on stays after it was written
 *     ({@code OUTBOX_PARKED_RETENTION}): long enough for an operator to look at it and replay it by hand
 * @param batch rows deleted per statement, so that no statement holds many locks for long
 *     ({@code OUTBOX_CLEANUP_BATCH})
 */
@ConfigurationProperties("todo.outbox.cleanup")
public record CleanupProperties(boolean enabled, Duration interval, Duration sentRetention, Duration parkedRetention,
        int batch) {

    public CleanupProperties {
        if (interval.isNegative() || interval.isZero() || sentRetention.isNegative() || parkedRetention.isNegative()) {
            throw new IllegalArgumentException("OUTBOX_CLEANUP_INTERVAL must be positive, OUTBOX_SENT_RETENTION and "
                    + "OUTBOX_PARKED_RETENTION not negative.");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("OUTBOX_CLEANUP_BATCH must be at least 1.");
        }
    }
}
