package dev.todolist.http;

import java.time.Duration;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Whether the service is shutting down: from the moment its context begins to close, before the web server's graceful
 * shutdown waits for the requests in flight. From then on the {@link RequestGuard} ends every connection after its
 * answer, which says {@code Connection: close} (RFC 9112, 9.6), and refuses a request that arrives on one with
 * {@code 503} before anything handles it. Reactor Netty's graceful shutdown waits for the exchanges under way and
 * closes the other connections; a client that was not told to close (the edge's upstream pool, nginx's) sent its
 * next request on such a connection as soon as it had an answer, and a request that arrived as the server closed the
 * connection was cut, sometimes after it had been handled: a {@code POST} that todo-core had stored was answered
 * {@code 502} by the edge. A refused request was not handled, so the client may send it again.
 */
public final class ConnectionDrain implements ApplicationListener<ContextClosedEvent> {

    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    static final String REFUSAL = "The service is shutting down; try again shortly.";

    private volatile boolean draining;

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        draining = true;
    }

    boolean isDraining() {
        return draining;
    }
}
