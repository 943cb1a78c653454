package dev.todolist.edge.account;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeoutException;

import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.todolist.http.ApiException;
import dev.todolist.edge.web.DependencyUnavailableException;
import reactor.core.publisher.Mono;

/**
 * The {@code users} table over R2DBC. Every query gives up after {@code USERS_QUERY_TIMEOUT} (with the pool's own
 * acquire and connect limits, a database that is down or hung costs a request a bounded wait): 503. A duplicate
 * email is a 409.
 */
@Component
class Users {

    private final DatabaseClient db;

    private final Duration timeout;

    Users(DatabaseClient db, AccountProperties properties) {
        this.db = db;
        this.timeout = properties.queryTimeout();
    }

    Mono<User> findByEmail(String email) {
        return db.sql("SELECT id, email, password_hash FROM users WHERE email = :email")
            .bind("email", email)
            .map((row, metadata) -> new User(row.get("id", Long.class), row.get("email", String.class),
                    row.get("password_hash", String.class)))
            .one()
            .timeout(timeout)
            .onErrorMap(Users::isUnavailable, Users::unavailable);
    }

    Mono<Long> create(String email, String passwordHash) {
        return db.sql("INSERT INTO users (email, password_hash, created_at) VALUES (:email, :hash, :createdAt)")
            .bind("email", email)
            .bind("hash", passwordHash)
            .bind("createdAt", LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS))
            .filter(statement -> statement.returnGeneratedValues("id"))
            .map((row, metadata) -> row.get(0, Long.class))
            .one()
            .timeout(timeout)
            .onErrorMap(Users::isDuplicate,
                    ex -> new ApiException(HttpStatus.CONFLICT, "email_taken", "This email is already registered."))
            .onErrorMap(Users::isUnavailable, Users::unavailable);
    }

    private static boolean isDuplicate(Throwable ex) {
        return ex instanceof DataIntegrityViolationException || ex instanceof R2dbcDataIntegrityViolationException;
    }

    private static boolean isUnavailable(Throwable ex) {
        return ex instanceof TimeoutException
                || ((ex instanceof DataAccessException || ex instanceof R2dbcException) && !isDuplicate(ex));
    }

    private static Throwable unavailable(Throwable ex) {
        return new DependencyUnavailableException("The user database is unavailable", ex);
    }

    record User(long id, String email, String passwordHash) {
    }
}
