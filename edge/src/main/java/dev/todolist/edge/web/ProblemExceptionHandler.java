package dev.todolist.edge.web;

import java.util.Set;

import io.lettuce.core.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Turns every exception that reaches the web layer into problem JSON with a stable {@code code}. Client mistakes
 * get their 4xx; anything unexpected is a 500 whose detail names nothing internal. Runs before Boot's own handler.
 */
@Component
@Order(-2)
class ProblemExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        if (ex instanceof ApiException api) {
            return ProblemResponses.write(exchange, api.status(), api.code(), api.getMessage());
        }
        if (Causes.has(ex, DataBufferLimitException.class) || ex instanceof PayloadTooLargeException) {
            return ProblemResponses.write(exchange, HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large",
                    "The request body is larger than 1 MiB.");
        }
        if (ex instanceof MethodNotAllowedException notAllowed) {
            Set<HttpMethod> allowed = notAllowed.getSupportedMethods();
            if (!allowed.isEmpty()) {
                exchange.getResponse().getHeaders().setAllow(allowed);
            }
            return ProblemResponses.write(exchange, HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "The method " + exchange.getRequest().getMethod().name() + " is not allowed here.");
        }
        if (ex instanceof UnsupportedMediaTypeStatusException) {
            return ProblemResponses.write(exchange, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "The request body must be application/json.");
        }
        if (ex instanceof NotAcceptableStatusException) {
            return ProblemResponses.write(exchange, HttpStatus.NOT_ACCEPTABLE, "not_acceptable",
                    "The edge answers with JSON only.");
        }
        if (ex instanceof ServerWebInputException) {
            return ProblemResponses.write(exchange, HttpStatus.BAD_REQUEST, "malformed_json",
                    "The request body is not a JSON object of the expected shape.");
        }
        if (ex instanceof ResponseStatusException status && status.getStatusCode().value() == 404) {
            return ProblemResponses.write(exchange, HttpStatus.NOT_FOUND, "not_found", "No such route.");
        }
        if (ex instanceof AuthenticationServiceException || ex instanceof DependencyUnavailableException
                || ex instanceof DataAccessException || ex instanceof RedisException) {
            log.warn("A dependency is unavailable: {}", ex.toString());
            return ProblemResponses.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable",
                    "A service the edge depends on is unavailable; try again shortly.");
        }
        if (ex instanceof ResponseStatusException status && status.getStatusCode().is4xxClientError()) {
            HttpStatus resolved = HttpStatus.valueOf(status.getStatusCode().value());
            return ProblemResponses.write(exchange, resolved, "bad_request", resolved.getReasonPhrase() + ".");
        }
        log.error("Unexpected error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
        return ProblemResponses.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "The edge failed to handle the request.");
    }
}
