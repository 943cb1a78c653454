package dev.todolist.migrations;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.RepairOutput;
import org.flywaydb.core.api.output.RepairResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Waits for the database, applies the pending migrations (or, with {@code MIGRATIONS_REPAIR}, repairs the schema
 * history) and says in one line what happened.
 */
@Component
class Migrator {

    private static final Logger log = LoggerFactory.getLogger(Migrator.class);

    /** ER_LOCK_WAIT_TIMEOUT: {@code lock_wait_timeout} (table, metadata) or {@code innodb_lock_wait_timeout} (row). */
    private static final int LOCK_WAIT_TIMEOUT = 1205;

    private final MigrationsProperties properties;

    Migrator(MigrationsProperties properties) {
        this.properties = properties;
    }

    int migrate() {
        Optional<DatabaseWaiter.Failure> unusable = new DatabaseWaiter(properties).await();
        if (unusable.isPresent()) {
            log.error("Migrations not applied: {}", unusable.get().reason());
            return unusable.get().exitCode();
        }
        ApplyingLog applying = new ApplyingLog();
        Flyway flyway = configuration().callbacks(applying).load();
        if (properties.repair()) {
            return repair(flyway);
        }
        try {
            MigrateResult result = flyway.migrate();
            MigrationInfoService info = flyway.info();
            List<MigrationInfo> future = Arrays.stream(info.all())
                .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS
                        || m.getState() == MigrationState.FUTURE_FAILED)
                .toList();
            if (!future.isEmpty()) {
                // Flyway's own warning is off with its migration logger (application.yaml): a rollback's job says it
                log.warn("Schema of {} is at version {}, newer than this job's scripts: {} applied by a later release; "
                        + "nothing to apply", properties.where(), current(info),
                        future.stream().map(ApplyingLog::describe).collect(Collectors.joining(", ")));
            }
            else if (result.migrationsExecuted == 0) {
                log.info("Schema of {} is up to date at version {}; nothing to apply", properties.where(),
                        current(info));
            }
            else {
                log.info("Applied {} migration(s) to {}: schema now at version {}", result.migrationsExecuted,
                        properties.where(), result.targetSchemaVersion);
            }
            return ExitCodes.UP_TO_DATE;
        }
        catch (FlywayValidateException ex) {
            log.error("Migrations failed on {}: {}", properties.where(), invalid(ex));
            log.debug("Flyway's full report", ex);
            return ExitCodes.MIGRATION_FAILED;
        }
        catch (FlywayException ex) {
            if (isLockWaitTimeout(ex)) {
                log.error("Migrations failed on {}: {} waited {}s ({}) for a lock on a table another session holds "
                        + "(lock wait timeout): find that session's open transaction (SHOW PROCESSLIST, "
                        + "information_schema.INNODB_TRX) and let it end, then run the job once with {}=true (Flyway "
                        + "recorded the migration as failed; the statement that waited changed nothing) and again "
                        + "without it", properties.where(),
                        applying.current() == null ? "a migration" : applying.current(),
                        properties.lockWaitTimeout().toSeconds(), MigrationsProperties.LOCK_WAIT_TIMEOUT,
                        MigrationsProperties.REPAIR);
                log.debug("Flyway's full report", ex);
                return ExitCodes.LOCK_WAIT_TIMEOUT;
            }
            log.error("Migrations failed on {}: {}{}", properties.where(), summary(ex), recordedAsFailed(flyway));
            log.debug("Flyway's full report", ex);
            return ExitCodes.MIGRATION_FAILED;
        }
    }

    /**
     * What the next run needs when the failed migration is now in the history as failed (MySQL cannot roll DDL back,
     * so Flyway records it): said with the first failure, not only by the next run's validation.
     */
    private static String recordedAsFailed(Flyway flyway) {
        try {
            return Arrays.stream(flyway.info().all())
                .filter(m -> m.getState() == MigrationState.FAILED)
                .map(m -> "; " + ApplyingLog.describe(m) + " is now recorded as failed: once the cause is fixed, "
                        + "remove what its script changed, then run the job once with " + MigrationsProperties.REPAIR
                        + "=true and again without it (README, \"A migration failed\")")
                .findFirst()
                .orElse("");
        }
        catch (FlywayException unreadable) {
            return "";
        }
    }

    private FluentConfiguration configuration() {
        return Flyway.configure()
            .dataSource(properties.jdbcUrl(), properties.user(), properties.password())
            .initSql(properties.sessionSettings())
            .locations(properties.locations().toArray(String[]::new))
            .failOnMissingLocations(true)
            .validateMigrationNaming(true);
    }

    /**
     * Each invalid migration and what to do, from Flyway's result of a validation like the one migrate ran (pending
     * migrations allowed); Flyway's first line when that validation now passes or cannot run.
     */
    private String invalid(FlywayValidateException ex) {
        try {
            ValidateResult result = configuration().ignoreMigrationPatterns("*:future", "*:pending")
                .load()
                .validateWithResult();
            String described = InvalidMigrations.describe(result);
            if (!result.validationSuccessful && !described.isEmpty()) {
                return "the schema history does not match the scripts: " + described;
            }
        }
        catch (FlywayException again) {
            log.debug("Validating again to name the invalid migrations failed", again);
        }
        return summary(ex);
    }

    /**
     * Flyway's repair: removes the entries of failed migrations and realigns checksums, descriptions and types with
     * the scripts. Applies nothing: the job exits {@link ExitCodes#REPAIRED}, and the next run (without the setting)
     * migrates.
     */
    private int repair(Flyway flyway) {
        try {
            RepairResult result = flyway.repair();
            List<String> actions = new ArrayList<>();
            describe(actions, "removed the failed entry of ", result.migrationsRemoved);
            describe(actions, "realigned with its script ", result.migrationsAligned);
            describe(actions, "marked as deleted (no script) ", result.migrationsDeleted);
            log.warn("Repaired the schema history of {}: {}; nothing applied: run the job again without {}",
                    properties.where(), actions.isEmpty() ? "nothing to repair" : String.join(", ", actions),
                    MigrationsProperties.REPAIR);
            return ExitCodes.REPAIRED;
        }
        catch (FlywayException ex) {
            log.error("Repair failed on {}: {}", properties.where(), summary(ex));
            log.debug("Flyway's full report", ex);
            return ExitCodes.MIGRATION_FAILED;
        }
    }

    private static void describe(List<String> actions, String action, List<RepairOutput> migrations) {
        if (migrations != null) {
            migrations.forEach(m -> actions.add(action + ApplyingLog.describe(m.version, m.description)));
        }
    }

    private static boolean isLockWaitTimeout(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == LOCK_WAIT_TIMEOUT) {
                return true;
            }
        }
        return false;
    }

    private static String current(MigrationInfoService info) {
        var current = info.current();
        return current == null ? "none" : current.getVersion().getVersion();
    }

    /** Flyway's reports span many lines; keep the first one and the database's own message. */
    static String summary(FlywayException ex) {
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        String first = DatabaseWaiter.firstLine(message);
        for (String line : message.split("\n")) {
            String stripped = line.strip();
            if (stripped.startsWith("Message") && stripped.contains(":")) {
                return first + " - " + stripped.substring(stripped.indexOf(':') + 1).strip();
            }
        }
        return first;
    }
}
