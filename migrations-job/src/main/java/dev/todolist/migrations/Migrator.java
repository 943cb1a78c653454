package dev.todolist.migrations;

import java.util.Optional;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Waits for the database, applies the pending migrations and says in one line what happened. */
@Component
class Migrator {

    private static final Logger log = LoggerFactory.getLogger(Migrator.class);

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
        Flyway flyway = Flyway.configure()
            .dataSource(properties.jdbcUrl(), properties.user(), properties.password())
            .locations(properties.locations().toArray(String[]::new))
            .failOnMissingLocations(true)
            .validateMigrationNaming(true)
            .load();
        try {
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted == 0) {
                log.info("Schema of {} is up to date at version {}; nothing to apply", properties.where(),
                        current(flyway));
            }
            else {
                log.info("Applied {} migration(s) to {}: schema now at version {}", result.migrationsExecuted,
                        properties.where(), result.targetSchemaVersion);
            }
            return ExitCodes.UP_TO_DATE;
        }
        catch (FlywayException ex) {
            log.error("Migrations failed on {}: {}", properties.where(), summary(ex));
            log.debug("Flyway's full report", ex);
            return ExitCodes.MIGRATION_FAILED;
        }
    }

    private static String current(Flyway flyway) {
        var current = flyway.info().current();
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
