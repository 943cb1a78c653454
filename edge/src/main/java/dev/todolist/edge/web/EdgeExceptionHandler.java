package dev.todolist.edge.web;

import java.time.Duration;

import io.lettuce.core.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.todolist.http.ApiException;
import dev.todolist.http.Causes;
import dev.todolist.http.ProblemExceptionHandler;
import dev.todolist.http.ProblemResponses;
import dev.todolist.http.RequestLimitsProperties;
import reactor.core.publisher.Mono;

/**
 * The edge's failures as problem JSON ({@link ProblemExceptionHandler} answers the client's mistakes): a dependency
 * that did not answer (Redis, MySQL, the token's keys, the notifier) as 503 with {@code Retry-After}, anything
 * unexpected as a 500 whose detail names nothing internal.
 */
@Component
@Order(FilterOrder.EXCEPTION_HANDLER)
class EdgeExceptionHandler extends ProblemExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(EdgeExceptionHandler.class);

    static final Duration DEPENDENCY_RETRY_AFTER = Duration.ofSeconds(1);

    EdgeExceptionHandler(ProblemResponses problems, RequestLimitsProperties limits) {
        super(problems, limits);
    }

    @Override
    protected Mono<Void> failure(ServerWebExchange exchange, Throwable ex) {
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
