package dev.todolist.todo.web;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;

import reactor.core.publisher.Mono;

/**
 * Turns every failure into problem JSON with an {@code error} sentence and a {@code code} word: the application's
 * own exceptions ({@link ApiException}), Spring's for unknown routes, wrong methods, media types and unreadable
 * bodies, an unreachable database (503, logged in one line), and anything unexpected (500, logged with its stack
 * here, never sent). Runs before Spring Boot's own error handler, and for errors of routing too, which a controller
 * advice never sees.
 */
@Component
@Order(-2)
class ProblemJsonExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemJsonExceptionHandler.class);

    private final ProblemWriter problems;

    ProblemJsonExceptionHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        if (ex instanceof ApiException api) {
            return problems.write(exchange, api.status(), api.code(), api.getMessage());
        }
        if (hasCause(ex, DataBufferLimitException.class)) {
            return problems.write(exchange, HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large",
                    "The request body is larger than 1 MiB.");
        }
        if (ex instanceof DataIntegrityViolationException) {
            // the only constraint a request can break is tasks.user_id → users.id: the user is gone
            log.warn("Refused {} {}: the caller's user does not exist ({})", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), ex.getClass().getSimpleName());
            return problems.write(exchange, HttpStatus.UNAUTHORIZED, "unknown_user",
                    "The user of this request does not exist.");
        }
        if (isDatabaseUnavailable(ex)) {
            log.warn("Refused {} {}: the database is unavailable ({})", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), NestedExceptionUtils.getMostSpecificCause(ex).toString());
            return problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable",
                    "The task database is unavailable; try again shortly.");
        }
        if (ex instanceof ResponseStatusException status) {
            copyHeaders(status, exchange);
            return problems.write(exchange, status.getStatusCode(), code(status), detail(status));
        }
        log.error("Unexpected failure of {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                ex);
        return problems.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "Something went wrong on our side.");
    }

    private static void copyHeaders(ResponseStatusException ex, ServerWebExchange exchange) {
        HttpHeaders headers = ex.getHeaders();
        if (!headers.isEmpty()) {
            exchange.getResponse().getHeaders().putAll(headers);
        }
    }

    private static String code(ResponseStatusException ex) {
        HttpStatusCode status = ex.getStatusCode();
        return switch (status.value()) {
            case 400 -> "malformed_json";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> status.is4xxClientError() ? "bad_request" : "internal_error";
        };
    }

    private static String detail(ResponseStatusException ex) {
        if (ex instanceof MethodNotAllowedException notAllowed) {
            return "Method " + notAllowed.getHttpMethod() + " is not allowed here; allowed: "
                    + notAllowed.getSupportedMethods() + ".";
        }
        if (ex instanceof UnsupportedMediaTypeStatusException) {
            return "The request body must be JSON (Content-Type: application/json).";
        }
        if (ex instanceof NotAcceptableStatusException) {
            return "This resource is only available as application/json.";
        }
        if (ex instanceof ServerWebInputException) {
            return "The request body must be one JSON object.";
        }
        return switch (ex.getStatusCode().value()) {
            case 404 -> "No such resource.";
            case 413 -> "The request body is larger than 1 MiB.";
            default -> ex.getStatusCode().is5xxServerError() ? "Something went wrong on our side."
                    : "The request is not valid.";
        };
    }

    /**
     * The database could not be reached or did not answer in time (refused or lost connections, pool acquire
     * timeouts, lock timeouts): the request may succeed if repeated, so 503, not 500. A bad statement stays a 500.
     */
    private static boolean isDatabaseUnavailable(Throwable ex) {
        return hasCause(ex, DataAccessResourceFailureException.class) || hasCause(ex, TransientDataAccessException.class)
                || hasCause(ex, R2dbcTransientException.class) || hasCause(ex, R2dbcNonTransientResourceException.class);
    }

    private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
