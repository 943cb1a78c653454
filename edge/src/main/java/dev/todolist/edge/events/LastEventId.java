package dev.todolist.edge.events;

/**
 * The request header with which an SSE client resumes a stream after the last event it received (the contract's
 * {@code Last-Event-ID}; {@code ?last_event_id=} is the same for a client that cannot set headers). Named here
 * once: the stream reads it, and the CORS policy allows it in a preflight.
 */
public final class LastEventId {

    public static final String HEADER = "Last-Event-ID";

    private LastEventId() {
    }
}
