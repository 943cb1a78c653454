package dev.todolist.todo.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * How long the notifier has been failing transiently ({@link NotifierFaults#isTransient}) as this relay saw it: since
 * its first such failure after a publish that succeeded. An event that meets such a failure counts no attempt, so its
 * wait cannot grow with its attempts: it waits as long as the outage has lasted, at least {@code OUTBOX_RELAY_BACKOFF}
 * and at most {@code OUTBOX_RELAY_MAX_BACKOFF}. Retries thin out as the outage goes on (about twice its length
 * apart), so a hung notifier is not hammered, and however long it lasts nothing is parked.
 */
final class NotifierOutage {

    private final RelayProperties properties;

    private final Clock clock;

    private volatile @Nullable Instant since;

    NotifierOutage(RelayProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** A transient failure: the wait before the event is tried again. */
    synchronized Duration failed() {
        Instant now = clock.instant();
        Instant start = since;
        if (start == null) {
            since = now;
            return properties.backoff();
        }
        return properties.withinBackoff(Duration.between(start, now));
    }

    /** A publish went through: the outage, if any, is over. */
    void ended() {
        since = null;
    }
}
