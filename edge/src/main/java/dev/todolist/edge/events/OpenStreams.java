package dev.todolist.edge.events;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * This edge's event streams: their places within its limits ({@link #take}), the open ones by login session
 * ({@code sid}), so that a session's end ends all of them at once, and how many notifier calls feed them (gauges
 * {@code edge.events.open} and {@code edge.events.notifier.calls}).
 */
@Component
class OpenStreams {

    private final ConcurrentHashMap<String, SessionStreams> bySession = new ConcurrentHashMap<>();

    private final ConcurrentHashMap<Long, Integer> byUser = new ConcurrentHashMap<>();

    private final AtomicInteger open = new AtomicInteger();

    private final AtomicInteger notifierCalls = new AtomicInteger();

    OpenStreams(MeterRegistry meters) {
        Gauge.builder("edge.events.open", open, AtomicInteger::get)
            .description("Event streams open or starting on this edge")
            .register(meters);
        Gauge.builder("edge.events.notifier.calls", notifierCalls, AtomicInteger::get)
            .description("Notifier Subscribe calls feeding this edge's event streams")
            .register(meters);
    }

    /**
     * Takes a place for a stream of the user, unless that would pass this edge's {@code maxStreams} or the user's
     * {@code maxPerUser}: the check and the taking are one step, so streams opened at the same moment cannot pass a
     * limit together. Null when the place is taken ({@link #giveBack} returns it), else the limit in the way. A
     * place is held from before the notifier is asked where the stream starts until the stream ends.
     */
    synchronized @Nullable Limit take(long userId, int maxStreams, int maxPerUser) {
        if (open.get() >= maxStreams) {
            return Limit.EDGE;
        }
        if (countOf(userId) >= maxPerUser) {
            return Limit.USER;
        }
        byUser.merge(userId, 1, Integer::sum);
        open.incrementAndGet();
        return null;
    }

    /** Returns a place {@link #take} gave the user. */
    synchronized void giveBack(long userId) {
        byUser.computeIfPresent(userId, (id, count) -> count == 1 ? null : count - 1);
        open.decrementAndGet();
    }

    /**
     * Registers a stream of the user's session (its place taken), opened with a token issued at that second;
     * {@link Registration#close()} forgets it.
     */
    Registration open(String sid, long issuedAtSecond) {
        Sinks.One<Ending> ended = Sinks.one();
        bySession.compute(sid, (id, session) -> {
            SessionStreams registered = session == null ? new SessionStreams() : session;
            registered.streams.add(ended);
            registered.newestIssued = Math.max(registered.newestIssued, issuedAtSecond);
            return registered;
        });
        return new Registration(ended.asMono(), () -> bySession.computeIfPresent(sid, (id, session) -> {
            session.streams.remove(ended);
            return session.streams.isEmpty() ? null : session;
        }));
    }

    /** Ends the streams of every session whose newest token was issued before that second (a revocation epoch's). */
    void endIssuedBefore(long second) {
        bySession.forEach((sid, session) -> {
            if (session.newestIssued < second) {
                end(sid);
            }
        });
    }

    /** Ends every open stream of the session (they send {@code session_ended}). */
    void end(String sid) {
        SessionStreams session = bySession.remove(sid);
        if (session != null) {
            session.end(Ending.SESSION_ENDED);
        }
    }

    /** Ends every open stream (this edge shuts down: they send {@code unavailable} and reconnect elsewhere). */
    void endAll() {
        bySession.keySet().forEach(sid -> {
            SessionStreams session = bySession.remove(sid);
            if (session != null) {
                session.end(Ending.SHUTDOWN);
            }
        });
    }

    /** The sessions that have open streams now. */
    Set<String> sessions() {
        return Set.copyOf(bySession.keySet());
    }

    /** The places taken on this edge: streams open or starting. */
    int count() {
        return open.get();
    }

    /** The user's places on this edge. */
    int countOf(long userId) {
        return byUser.getOrDefault(userId, 0);
    }

    int notifierCalls() {
        return notifierCalls.get();
    }

    void notifierCallStarted() {
        notifierCalls.incrementAndGet();
    }

    void notifierCallEnded() {
        notifierCalls.decrementAndGet();
    }

    /** The limit a new stream would pass. */
    enum Limit {
        EDGE, USER
    }

    /** The open streams of one login session, and the second its newest token was issued (0: one without). */
    private static final class SessionStreams {

        final Set<Sinks.One<Ending>> streams = ConcurrentHashMap.newKeySet();

        /** Written only within the map's compute for the session; read by {@link #endIssuedBefore} at any time. */
        volatile long newestIssued;

        void end(Ending why) {
            streams.forEach(stream -> stream.tryEmitValue(why));
        }
    }

    /** Why a stream ends before its token expires. */
    enum Ending {
        SESSION_ENDED, SHUTDOWN
    }

    /** An open stream: {@code ended} says why when it must end early. */
    record Registration(Mono<Ending> ended, Runnable forget) implements AutoCloseable {

        @Override
        public void close() {
            forget.run();
        }
    }
}
