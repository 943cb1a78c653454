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
 * Waits, for a bounded time, until the database accepts a connection. Refused credentials and an unknown
 * database are answers, not delays: they end the wait at once.
 */
class DatabaseWaiter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseWaiter.class);

    /** MySQL/MariaDB error codes that no amount of waiting will change. */
    private static final int ACCESS_DENIED = 1045;

    private static final int UNKNOWN_DATABASE = 1049;

    private final MigrationsProperties properties;

    DatabaseWaiter(MigrationsProperties properties) {
        this.properties = properties;
    }

    /** Returns empty when the database answered, or the reason it will not. */
    Optional<String> await() {
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
                if (isAny(ex, ACCESS_DENIED, "28000")) {
                    return Optional.of("the database refused the credentials of " + properties.where());
                }
                if (isAny(ex, UNKNOWN_DATABASE, "42000") && ex.getMessage() != null
                        && ex.getMessage().contains("Unknown database")) {
                    return Optional.of("database '" + properties.database() + "' does not exist on "
                            + properties.host() + ":" + properties.port());
                }
                if (System.nanoTime() - deadline >= 0) {
                    return Optional.of("database " + properties.host() + ":" + properties.port()
                            + " did not accept a connection within " + format(properties.connectTimeout()) + " ("
                            + attempts + " attempts; last error: " + firstLine(ex.getMessage()) + ")");
                }
                log.info("Waiting for database {}:{} ({})", properties.host(), properties.port(),
                        firstLine(ex.getMessage()));
                sleep(properties.retryInterval());
            }
        }
    }

    /** Whether the exception, or one of its causes, carries the vendor code or the SQLState. */
    private static boolean isAny(Throwable ex, int vendorCode, String sqlState) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() == vendorCode || sqlState.equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
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
