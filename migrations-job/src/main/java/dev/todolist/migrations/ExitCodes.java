package dev.todolist.migrations;

/** The job's exit codes, so that an operator (or compose) can tell the causes apart. */
final class ExitCodes {

    static final int UP_TO_DATE = 0;

    /** A migration failed or the schema history does not match the scripts. */
    static final int MIGRATION_FAILED = 1;

    /**
     * The database refused the credentials, does not exist (or the user may not use it), or did not answer within
     * the retry window.
     */
    static final int CANNOT_CONNECT = 2;

    /** The settings are invalid: found at start, or a database name the server calls incorrect. */
    static final int CONFIGURATION = 3;

    /**
     * A repair run ({@code MIGRATIONS_REPAIR=true}) did its work and applied nothing: not 0, which says the schema is
     * up to date, so that compose or an init container does not start the services on a schema it did not migrate.
     */
    static final int REPAIRED = 4;

    /**
     * A migration waited longer than {@code MIGRATIONS_LOCK_WAIT_TIMEOUT} for a lock another session holds: a cause
     * that ends with that session, unlike a failed script (1).
     */
    static final int LOCK_WAIT_TIMEOUT = 5;

    private ExitCodes() {
    }
}
