package dev.todolist.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

/**
 * Turns every exception that reaches the web layer into problem JSON with an {@code error} sentence and a stable
 * {@code code} word. What every service answers alike is answered here: the application's own
 * {@link ApiException}s as they are, Spring's 4xx (unknown routes, wrong methods with {@code Allow}, media types,
 * unreadable bodies) in the project's words ({@link ClientErrors}), an {@code Accept} too long to read as 406, a
 * body over the limit as 413 in the words of the setting, and nothing at all to a client whose connection is gone. The rest, the failures that are not the
 * client's, each service answers in {@link #failure} (a dependency unavailable, anything unexpected).
 *
 * <p>A service registers its subclass as a bean ordered before Spring Boot's own handler ({@code @Order} below
 * -1), which also sees the errors of routing that a controller advice never does.
 */
public abstract class ProblemExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    /** nginx's status for a request whose client left before the answer; no client ever sees it. */
    static final HttpStatusCode CLIENT_CLOSED_REQUEST = HttpStatusCode.valueOf(499);

    static final String UNREADABLE_ACCEPT = "The Accept header cannot be read: a malformed media type, or too many.";

    protected final ProblemResponses problems;

    private final String tooLarge;

    protected ProblemExceptionHandler(ProblemResponses problems, RequestLimitsProperties limits) {
        this.problems = problems;
        this.tooLarge = limits.tooLargeDetail();
    }

    @Override
    public final Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        if (Causes.has(ex, AbortedException.class)) {
            // the client's connection is gone (it hung up, or its body stalled): nobody to answer, nothing to log;
            // its request metrics say 499, nginx's "client closed request", not the 200 of an answer never sent
            log.debug("{} {}: the connection closed before the answer", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath());
            exchange.getResponse().setStatusCode(CLIENT_CLOSED_REQUEST);
            return Mono.empty();
        }
        if (ex instanceof ApiException api) {
            return problems.write(exchange, api);
        }
        if (Causes.has(ex, DataBufferLimitException.class) || ex instanceof PayloadTooLargeException) {
            return problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", tooLarge);
        }
        if (Causes.has(ex, InvalidMimeTypeException.class)) {
            // Spring refuses an Accept it cannot parse with a 406, but one of more than 50 media types escapes its
            // routing as this exception (Spring Framework 7.0)
            return problems.write(exchange, HttpStatus.NOT_ACCEPTABLE, "not_acceptable", UNREADABLE_ACCEPT);
        }
        if (ex instanceof ErrorResponse error && error.getStatusCode().is4xxClientError()) {
            return problems.write(exchange, ClientErrors.of(exchange, error));
        }
        return failure(exchange, ex);
    }

    /**
     * Answers a failure that is not the client's: a dependency that did not answer (503, logged in a line) or
     * anything unexpected (500, logged with its stack, its detail never sent).
     */
    protected abstract Mono<Void> failure(ServerWebExchange exchange, Throwable ex);
}
