package dev.todolist.todo.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's failed rounds in the log (its database down, mostly): one warning when they start, one line when a
 * round succeeds again, the rounds between at debug. A round every {@code OUTBOX_RELAY_INTERVAL} logged a warning
 * each, two a second for the whole outage.
 */
final class RoundFailures {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final String owner;

    private long failed;

    RoundFailures(String owner) {
        this.owner = owner;
    }

    /** Called by one loop at a time. */
    synchronized void failed(Throwable error) {
        failed++;
        if (failed == 1) {
            log.warn("Outbox relay {} rounds failing, retried every round until one succeeds: {}", owner,
                    error.toString());
        }
        else {
            log.debug("Outbox relay {} round failed ({} in a row): {}", owner, failed, error.toString());
        }
    }

    synchronized void succeeded() {
        if (failed > 0) {
            log.info("Outbox relay {} rounds succeed again after {} failed", owner, failed);
            failed = 0;
        }
    }
}
