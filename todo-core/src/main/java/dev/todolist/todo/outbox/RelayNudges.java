package dev.todolist.todo.outbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Wakes this instance's relay when a change with events has committed here, so that an event leaves within
 * milliseconds instead of waiting for the relay's next {@code OUTBOX_RELAY_INTERVAL}; the interval stays the
 * backstop (events written by another instance, a nudge that came while a round was running is kept for the next
 * wait). A nudge only starts a round: the claim decides what is published, so a spurious one costs one query.
 */
@Component
class RelayNudges {

    private final AtomicBoolean pending = new AtomicBoolean();

    private final Sinks.Many<Boolean> signals = Sinks.many().multicast().directBestEffort();

    /** A change with events has committed. */
    void nudge() {
        pending.set(true);
        signals.tryEmitNext(Boolean.TRUE);
    }

    /** A round starts: it sees every event committed before now, so earlier nudges are spent. */
    void roundStarting() {
        pending.set(false);
    }

    /** Completes at the next nudge, at once if one came since the last round started, or after {@code atMost}. */
    Mono<Void> next(Duration atMost) {
        // subscribed in order: a nudge after the check below still reaches the first source
        return Mono.firstWithSignal(signals.asFlux().next().then(),
                Mono.defer(() -> pending.get() ? Mono.<Void>empty() : Mono.delay(atMost).then()));
    }
}
