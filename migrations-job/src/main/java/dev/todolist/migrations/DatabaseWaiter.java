package dev.todolist.migrations;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, for a bounded time, until the database accepts a connection. Refused credentials, a database the user
 * cannot use and an invalid database name are answers, not delays ({@link PermanentRefusal}): they end the wait
 * at once.
 */
class DatabaseWaiter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseWaiter.class);

    private final MigrationsProperties properties;

    DatabaseWaiter(MigrationsProperties properties) {
        this.properties = properties;
    }

    /** Why the job cannot use the database, and the exit code that says so. */
    record Failure(int exitCode, String reason) {
    }

    /** Returns empty when the database answered, or why it will not. */
    Optional<Failure> await() {
        long deadline = System.nanoTime() + properties.connectTimeout().toNanos();
        int attempts = 0;
        while (true) {
            attempts++;
            try (Connection connection = DriverManager.getConnection(properties.jdbcUrl(), properties.user(),
                    properties.password())) {
                connection.isValid(5);
                if (attempts > 1) {
                    log.info("Database {} answered after {} attempts", properties.where(), attempts);
                }
                return Optional.empty();
            }
            catch (SQLException ex) {
                Optional<PermanentRefusal> refusal = PermanentRefusal.of(ex);
                if (refusal.isPresent()) {
                    return Optional.of(new Failure(refusal.get().exitCode(),
                            refusal.get().describe(properties) + " - " + firstLine(ex.getMessage())));
                }
                if (System.nanoTime() - deadline >= 0) {
                    return Optional.of(new Failure(ExitCodes.CANNOT_CONNECT, "database " + properties.host() + ":"
                            + properties.port() + " did not accept a connection within "
                            + format(properties.connectTimeout()) + " (" + attempts + " attempts; last error: "
                            + firstLine(ex.getMessage()) + ")"));
                }
                log.info("Waiting for database {}:{} ({})", properties.host(), properties.port(),
                        firstLine(ex.getMessage()));
                sleep(properties.retryInterval());
            }
        }
    }

    private static void sleep(Duration interval) {
        try {
            Thread.sleep(interval);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", ex);
        }
    }

    static String firstLine(@Nullable String message) {
        if (message == null) {
            return "no message";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    private static String format(Duration duration) {
        return duration.toSeconds() + "s";
    }
}
