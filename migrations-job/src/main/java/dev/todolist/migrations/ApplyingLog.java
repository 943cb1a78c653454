package dev.todolist.migrations;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line before each migration ({@code Applying version 4 (outbox traceparent)}), so that a job waiting in a
 * statement shows which one; Flyway's own line says the same at INFO, but its loggers are at WARN (application.yaml:
 * the rest of their INFO is noise, or our own summary again). Remembers the migration under way for the failure line.
 */
class ApplyingLog extends BaseCallback {

    private static final Logger log = LoggerFactory.getLogger(ApplyingLog.class);

    private volatile @Nullable String current;

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE;
    }

    @Override
    public void handle(Event event, Context context) {
        current = describe(context.getMigrationInfo());
        log.info("Applying {}", current);
    }

    /** The migration begun last, e.g. {@code version 4 (outbox traceparent)}; null before the first. */
    @Nullable String current() {
        return current;
    }

    /** How the job's lines name a migration Flyway knows (see below). */
    static String describe(MigrationInfo migration) {
        return describe(migration.getVersion() == null ? null : migration.getVersion().getVersion(),
                migration.getDescription());
    }

    /** How the job's lines name a migration: {@code version 4 (outbox traceparent)}, or a repeatable's description. */
    static String describe(@Nullable String version, @Nullable String description) {
        String what = description == null || description.isBlank() ? "" : " (" + description + ")";
        return version == null || version.isBlank() ? "repeatable migration" + what : "version " + version + what;
    }
}
