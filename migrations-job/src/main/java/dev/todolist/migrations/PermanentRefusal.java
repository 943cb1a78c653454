package dev.todolist.migrations;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The answers of a MySQL/MariaDB server to a connection attempt that no amount of waiting will change: each names
 * the settings to correct. Anything else a connection attempt meets (refused or timed-out sockets, a server starting
 * or shutting down, too many connections, a per-user connection limit) may heal, and is retried.
 * <p>
 * A server that is still initialising does not produce these: the MySQL and MariaDB images create the database and
 * the user with networking off, and scripts/stack.sh creates them before it starts the job.
 */
enum PermanentRefusal {

    /** ER_ACCESS_DENIED_ERROR: no such user, or a wrong password. */
    CREDENTIALS(ExitCodes.CANNOT_CONNECT, 1045) {
        @Override
        String describe(MigrationsProperties properties) {
            return "the database refused the credentials of " + properties.where() + " (MYSQL_USER, MYSQL_PASSWORD)";
        }
    },

    /** ER_HOST_NOT_PRIVILEGED: the user exists, but not for the host the job connects from. */
    HOST(ExitCodes.CANNOT_CONNECT, 1130) {
        @Override
        String describe(MigrationsProperties properties) {
            return "the database refused the credentials of " + properties.where()
                    + ": that user may not connect from this host (MYSQL_USER)";
        }
    },

    /** ER_MUST_CHANGE_PASSWORD(_LOGIN), ER_ACCOUNT_HAS_BEEN_LOCKED (MySQL 3118, MariaDB 4151). */
    ACCOUNT(ExitCodes.CANNOT_CONNECT, 1820, 1862, 3118, 4151) {
        @Override
        String describe(MigrationsProperties properties) {
            return "the database refused the credentials of " + properties.where()
                    + ": the account is locked or its password expired (MYSQL_USER)";
        }
    },

    /**
     * ER_DBACCESS_DENIED_ERROR: the user may not use the database. The server says the same whether the database
     * is missing or not granted, so that a user cannot probe which databases exist.
     */
    DATABASE_NOT_GRANTED(ExitCodes.CANNOT_CONNECT, 1044) {
        @Override
        String describe(MigrationsProperties properties) {
            return "database '" + properties.database() + "' on " + properties.host() + ":" + properties.port()
                    + " does not exist or user '" + properties.user()
                    + "' has no privileges on it (MYSQL_DATABASE, MYSQL_USER)";
        }
    },

    /** ER_BAD_DB_ERROR: a user who could see it is told the database does not exist. */
    UNKNOWN_DATABASE(ExitCodes.CANNOT_CONNECT, 1049) {
        @Override
        String describe(MigrationsProperties properties) {
            return "database '" + properties.database() + "' does not exist on " + properties.host() + ":"
                    + properties.port() + " (MYSQL_DATABASE)";
        }
    },

    /** ER_WRONG_DB_NAME: longer than 64 characters, or ending in a space: the setting itself is invalid. */
    INVALID_DATABASE_NAME(ExitCodes.CONFIGURATION, 1102) {
        @Override
        String describe(MigrationsProperties properties) {
            return "invalid setting MYSQL_DATABASE: the database " + properties.host() + ":" + properties.port()
                    + " calls '" + properties.database() + "' an incorrect database name";
        }
    };

    private final int exitCode;

    private final int[] errorCodes;

    PermanentRefusal(int exitCode, int... errorCodes) {
        this.exitCode = exitCode;
        this.errorCodes = errorCodes;
    }

    /** The refusal the exception, or one of its causes, carries; empty when waiting may help. */
    static Optional<PermanentRefusal> of(SQLException ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (PermanentRefusal refusal : values()) {
                    if (Arrays.stream(refusal.errorCodes).anyMatch(code -> code == sql.getErrorCode())) {
                        return Optional.of(refusal);
                    }
                }
            }
        }
        return Optional.empty();
    }

    int exitCode() {
        return exitCode;
    }

    /** One line: what is wrong, and the settings that say it. */
    abstract String describe(MigrationsProperties properties);
}
