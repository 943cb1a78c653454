package dev.todolist.todo;

import io.r2dbc.spi.NoSuchOptionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a database setting that is missing at startup (r2dbc-mysql's "No value found for user" when
 * {@code MYSQL_USER} is not set) in the contract's terms instead of a connection pool's.
 */
class DatabaseSettingsFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchOptionException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NoSuchOptionException cause) {
        String option = cause.getOption() == null ? "?" : cause.getOption().name();
        String variable = switch (option) {
            case "user" -> "MYSQL_USER";
            case "password" -> "MYSQL_PASSWORD";
            case "host" -> "MYSQL_HOST";
            case "database" -> "MYSQL_DATABASE";
            default -> "the MYSQL_* variables";
        };
        return new FailureAnalysis("The database connection has no '" + option + "': " + variable + " is not set.",
                "Set " + variable + " (todo-core connects to r2dbc:mysql://MYSQL_HOST:MYSQL_PORT/MYSQL_DATABASE as "
                        + "MYSQL_USER with MYSQL_PASSWORD).",
                cause);
    }
}
