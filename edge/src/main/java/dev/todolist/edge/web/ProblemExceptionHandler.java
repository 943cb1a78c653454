package dev.todolist.edge.web;

import java.time.Duration;

import io.lettuce.core.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import dev.todolist.http.ApiException;
import dev.todolist.http.Causes;
import dev.todolist.http.ClientErrors;
import dev.todolist.http.ProblemResponses;
import dev.todolist.http.RequestLimitsProperties;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

/**
 * Turns every exception that reaches the web layer into problem JSON with a stable {@code code}: the edge's own
 * {@link ApiException}s as they are, Spring's {@link ErrorResponse}s (routing, methods, media types, unreadable
 * bodies) with the edge's sentence and code for their status and their headers ({@code Allow}), an unavailable
 * dependency as 503, anything unexpected as a 500 whose detail names nothing internal. Runs before Boot's own
 * handler.
 */
@Component
@Order(FilterOrder.EXCEPTION_HANDLER)
class ProblemExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    static final Duration DEPENDENCY_RETRY_AFTER = Duration.ofSeconds(1);

    private final ProblemResponses problems;

    private final String tooLarge;

    ProblemExceptionHandler(ProblemResponses problems, RequestLimitsProperties limits) {
        this.problems = problems;
        this.tooLarge = limits.tooLargeDetail();
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        if (Causes.has(ex, AbortedException.class)) {
            // the client's connection is gone (it hung up, or its body stalled): nobody to answer, nothing to log
            log.debug("{} {}: the connection closed before the answer", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath());
            return Mono.empty();
        }
        if (ex instanceof ApiException api) {
            return problems.write(exchange, api);
        }
        if (Causes.has(ex, DataBufferLimitException.class) || ex instanceof PayloadTooLargeException) {
            return problems.write(exchange, new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large",
                    tooLarge));
        }
        if (ex instanceof ErrorResponse error && error.getStatusCode().is4xxClientError()) {
            return problems.write(exchange, ClientErrors.of(exchange, error));
        }
        if (ex instanceof AuthenticationServiceException || Causes.has(ex, DependencyUnavailableException.class)
                || Causes.has(ex, DataAccessException.class) || Causes.has(ex, RedisException.class)) {
            ProblemResponses.because(exchange,
                    "a dependency is unavailable: " + NestedExceptionUtils.getMostSpecificCause(ex));
            return problems.write(exchange, new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable",
                    "A service the edge depends on is unavailable; try again shortly.")
                .retryAfter(DEPENDENCY_RETRY_AFTER));
        }
        log.error("Unexpected error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
        return problems.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "The edge failed to handle the request.");
    }
}
