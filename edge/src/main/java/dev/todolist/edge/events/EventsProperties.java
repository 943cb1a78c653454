package dev.todolist.edge.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The event streams' settings ({@code edge.events.*}); the defaults are in application.properties.
 *
 * @param heartbeat how often an open stream gets a comment line (the contract: at least every 15 s; it also keeps
 *        proxies in front, whose read timeouts are longer, from closing a quiet stream)
 * @param buffer how many events a stream holds for a client that does not read them; one more and the client is
 *        dropped (it reconnects with {@code Last-Event-ID} and loses nothing)
 * @param sessionSweep how often the sessions of the open streams are checked for revocation in Redis, the backstop
 *        for a missed message on the ended-sessions channel
 */
@ConfigurationProperties("edge.events")
record EventsProperties(Duration heartbeat, int buffer, Duration sessionSweep) {

    EventsProperties {
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("edge.events.heartbeat (EVENTS_HEARTBEAT) must be positive");
        }
        if (buffer < 1) {
            throw new IllegalArgumentException("edge.events.buffer (EVENTS_BUFFER) must be at least 1");
        }
        if (sessionSweep.isNegative() || sessionSweep.isZero()) {
            throw new IllegalArgumentException("edge.events.session-sweep (EVENTS_SESSION_SWEEP) must be positive");
        }
    }
}
