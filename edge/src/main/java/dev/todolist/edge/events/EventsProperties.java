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
 * @param maxStreams how many streams this edge holds at most; a new one beyond is refused with {@code 503} and
 *        {@code Retry-After} (each open stream holds about 40 KiB of heap: the edge's heap is sized for this many)
 * @param maxStreamsPerUser how many of them one user may hold, so that one account cannot take all of them
 */
@ConfigurationProperties("edge.events")
record EventsProperties(Duration heartbeat, int buffer, Duration sessionSweep, int maxStreams, int maxStreamsPerUser) {

    static final String MAX_STREAMS = "edge.events.max-streams (EVENTS_MAX_STREAMS)";

    static final String MAX_STREAMS_PER_USER = "edge.events.max-streams-per-user (EVENTS_MAX_STREAMS_PER_USER)";

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
        if (maxStreams < 1) {
            throw new IllegalArgumentException(MAX_STREAMS + " must be at least 1");
        }
        if (maxStreamsPerUser < 1 || maxStreamsPerUser > maxStreams) {
            throw new IllegalArgumentException(MAX_STREAMS_PER_USER + " must be between 1 and " + MAX_STREAMS);
        }
    }
}
