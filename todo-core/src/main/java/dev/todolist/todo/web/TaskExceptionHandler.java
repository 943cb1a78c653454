package dev.todolist.todo.web;

import java.time.Duration;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.todolist.http.ApiException;
import dev.todolist.http.Causes;
import dev.todolist.http.ObservationScopes;
import dev.todolist.http.ProblemExceptionHandler;
import dev.todolist.http.ProblemResponses;
import dev.todolist.http.RequestLimitsProperties;
import reactor.core.publisher.Mono;

/**
 * todo-core's failures as problem JSON ({@link ProblemExceptionHandler} answers the client's mistakes): a request
 * whose user no longer exists as 401, an unreachable database as 503 with {@code Retry-After} (each logged in one
 * line, within {@link RefusalLog}'s budget), and anything unexpected as a 500 (logged with its stack here, never
 * sent).
 */
@Component
@Order(-2)
class TaskExceptionHandler extends ProblemExceptionHandler {

    /** How long a client is told to wait before repeating a request the unavailable database refused. */
    static final Duration DATABASE_RETRY_AFTER = Duration.ofSeconds(5);

    /** MySQL's error number for a lock wait that timed out. */
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;

    private static final Logger log = LoggerFactory.getLogger(TaskExceptionHandler.class);

    private final RefusalLog refusals;

    TaskExceptionHandler(ProblemResponses problems, RequestLimitsProperties limits, RefusalLog refusals) {
        super(problems, limits);
        this.refusals = refusals;
    }

    @Override
    protected Mono<Void> failure(ServerWebExchange exchange, Throwable ex) {
        if (ex instanceof DataIntegrityViolationException) {
            // the only constraint a request can break is tasks.user_id → users.id: the user is gone
            Mono<Void> logged = refusals.write("401 unknown_user", () -> log.warn(
                    "Refused {} {}: the caller's user does not exist ({})", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), ex.getClass().getSimpleName()));
            // the edge passes this answer through: a Bearer refusal like its own (RFC 6750), the token's user gone
            ApiException unknownUser = new ApiException(HttpStatus.UNAUTHORIZED, "unknown_user",
                    "The user of this request does not exist.");
            unknownUser.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer error=\"invalid_token\", error_description=\"The user of this token does not exist.\"");
            return logged.then(problems.write(exchange, unknownUser));
        }
        if (isLockWaitTimeout(ex)) {
            // a lock held by another session (a frozen instance mid-transaction, a backup's read lock, a migration):
            // the database itself answers, so "unavailable" would send an operator the wrong way
            return refusedForTheDatabase(exchange, ex, "503 lock_wait_timeout",
                    "a lock held by another session did not come free within MYSQL_LOCK_WAIT_TIMEOUT",
                    "The task database is busy; try again shortly.");
        }
        if (isDatabaseUnavailable(ex)) {
            return refusedForTheDatabase(exchange, ex, "503 service_unavailable", "the database is unavailable",
                    "The task database is unavailable; try again shortly.");
        }
        return ObservationScopes.runWithinRequest(() -> log.error("Unexpected failure of {} {}",
                exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex))
            .then(problems.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                    "Something went wrong on our side."));
    }

    /**
     * A 503 with {@code Retry-After} for the database's state, and one warning of {@code kind} naming {@code why} and
     * the cause (within the refusal log's budget).
     */
    private Mono<Void> refusedForTheDatabase(ServerWebExchange exchange, Throwable ex, String kind, String why,
            String detail) {
        return refusals.write(kind, () -> log.warn("Refused {} {}: {} ({})", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), why, NestedExceptionUtils.getMostSpecificCause(ex).toString()))
            .then(problems.write(exchange, new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable",
                    detail).retryAfter(DATABASE_RETRY_AFTER)));
    }

    /** MySQL's and MariaDB's "Lock wait timeout exceeded" (a row, table or metadata lock: ER_LOCK_WAIT_TIMEOUT). */
    private static boolean isLockWaitTimeout(Throwable ex) {
        R2dbcException database = Causes.find(ex, R2dbcException.class);
        return database != null && database.getErrorCode() == ER_LOCK_WAIT_TIMEOUT;
    }

    /**
     * The database could not be reached or did not answer in time (refused or lost connections, pool acquire
     * timeouts, lock timeouts): the request may succeed if repeated, so 503, not 500. A bad statement stays a 500.
     */
    private static boolean isDatabaseUnavailable(Throwable ex) {
        return Causes.has(ex, DataAccessResourceFailureException.class)
                || Causes.has(ex, TransientDataAccessException.class) || Causes.has(ex, R2dbcTransientException.class)
                || Causes.has(ex, R2dbcNonTransientResourceException.class);
    }
}
