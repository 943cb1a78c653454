package dev.todolist.migrations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.todolist.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A schema history that no longer matches the scripts (a migration that failed half way on MySQL, where DDL is not
 * transactional; an edited script) and a migration stuck behind another session's lock: each ends the job with one
 * ERROR line naming the migration, the cause and the way out, and the way out works. The scripts are the tests' own
 * (a directory of their own), so that the real ones stay intact.
 */
@ExtendWith(OutputCaptureExtension.class)
class SchemaHistoryTests {

    private static final String CREATE_HELD = "CREATE TABLE held (id BIGINT NOT NULL PRIMARY KEY) ENGINE = InnoDB;\n";

    @TempDir
    Path scripts;

    /** A rollback: the release before runs its job on the schema of the release after. */
    @Test
    void aSchemaNewerThanTheScriptsIsUpToDateWithAWarningThatNamesTheNewerVersions(CapturedOutput output)
            throws IOException {
        TestDatabase db = TestDatabase.empty(SchemaHistoryTests.class);
        write("V1__create_held.sql", CREATE_HELD);
        write("V2__add_column.sql", "ALTER TABLE held ADD COLUMN a INT NULL;\n");
        assertThat(MigrationsApplication.run(args(db))).isEqualTo(ExitCodes.UP_TO_DATE);
        Files.delete(scripts.resolve("V2__add_column.sql"));

        assertThat(MigrationsApplication.run(args(db))).isEqualTo(ExitCodes.UP_TO_DATE);

        assertThat(output).contains("is at version 2, newer than this job's scripts: version 2 (add column) "
                + "applied by a later release; nothing to apply");
    }

    @Test
    void aFailedMigrationRunAgainNamesItsVersionAndTheRepairSetting(CapturedOutput output) throws IOException {
        TestDatabase db = TestDatabase.empty(SchemaHistoryTests.class);
        failHalfWay(db, output);

        int code = MigrationsApplication.run(args(db));

        assertThat(code).isEqualTo(ExitCodes.MIGRATION_FAILED);
        assertThat(errorLines(output)).as("one ERROR line a run").hasSize(2)
            .last()
            .asString()
            .contains("version 2 (add columns) failed before: remove what its script V2__add_columns.sql changed")
            .contains("run the job once with MIGRATIONS_REPAIR=true and again without it")
            .doesNotContain("Migrations have failed validation");
    }

    @Test
    void afterItsHalfAppliedChangesAreRemovedARepairLetsTheNextRunApplyAFailedMigration(CapturedOutput output)
            throws IOException, SQLException {
        TestDatabase db = TestDatabase.empty(SchemaHistoryTests.class);
        failHalfWay(db, output);
        // the operator's part: what the script changed before it failed goes, the cause of the failure is fixed
        execute(db, "ALTER TABLE held DROP COLUMN a");
        execute(db, "CREATE TABLE later (id BIGINT NOT NULL PRIMARY KEY) ENGINE = InnoDB");

        int repaired = MigrationsApplication.run(args(db, "--migrations.repair=true"));

        assertThat(repaired).isEqualTo(ExitCodes.REPAIRED);
        assertThat(output).contains("removed the failed entry of version 2 (add columns)")
            .contains("nothing applied: run the job again without MIGRATIONS_REPAIR");
        assertThat(history(db)).containsExactly("1 1");

        assertThat(MigrationsApplication.run(args(db))).isEqualTo(ExitCodes.UP_TO_DATE);

        assertThat(history(db)).containsExactly("1 1", "2 1");
        assertThat(query(db, "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                + "DATABASE() AND COLUMN_NAME IN ('a', 'b') ORDER BY COLUMN_NAME"))
            .containsExactly("held a", "later b");
    }

    @Test
    void anEditedAppliedScriptNamesItsVersionAndAChecksumMismatch(CapturedOutput output)
            throws IOException, SQLException {
        TestDatabase db = TestDatabase.empty(SchemaHistoryTests.class);
        write("V1__create_held.sql", CREATE_HELD);
        assertThat(MigrationsApplication.run(args(db))).isEqualTo(ExitCodes.UP_TO_DATE);
        write("V1__create_held.sql", "-- a comment added after it was applied\n" + CREATE_HELD);

        int code = MigrationsApplication.run(args(db));

        assertThat(code).isEqualTo(ExitCodes.MIGRATION_FAILED);
        assertThat(errorLines(output)).singleElement()
            .asString()
            .contains("version 1 (create held): its script V1__create_held.sql differs from the one applied "
                    + "(checksum mismatch)")
            .contains("MIGRATIONS_REPAIR=true");

        assertThat(MigrationsApplication.run(args(db, "--migrations.repair=true"))).isEqualTo(ExitCodes.REPAIRED);
        assertThat(output).contains("realigned with its script version 1 (create held)");
        assertThat(MigrationsApplication.run(args(db))).isEqualTo(ExitCodes.UP_TO_DATE);
    }

    @Test
    void aMigrationBehindAnotherSessionsMetadataLockEndsWithinTheLockWaitTimeout(CapturedOutput output)
            throws IOException, SQLException {
        TestDatabase db = TestDatabase.empty(SchemaHistoryTests.class);
        write("V1__create_held.sql", CREATE_HELD);
        assertThat(MigrationsApplication.run(args(db))).isEqualTo(ExitCodes.UP_TO_DATE);
        write("V2__widen_held.sql", "ALTER TABLE held ADD COLUMN c INT NULL;\n");
        Duration took;
        int code;
        ScheduledExecutorService release = Executors.newSingleThreadScheduledExecutor();
        try (Connection holder = db.connect()) {
            // an open transaction that read the table holds its metadata lock until it ends
            holder.setAutoCommit(false);
            query(holder, "SELECT id FROM held");
            // should the job wait for ever, it is let go after 30 s (and the test fails on its duration)
            release.schedule(() -> rollback(holder), 30, TimeUnit.SECONDS);
            long started = System.nanoTime();

            code = MigrationsApplication.run(args(db, "--migrations.lock-wait-timeout=2s"));

            took = Duration.ofNanos(System.nanoTime() - started);
            holder.rollback();
        }
        finally {
            release.shutdownNow();
        }

        assertThat(took).isLessThan(Duration.ofSeconds(20));
        assertThat(code).isEqualTo(ExitCodes.LOCK_WAIT_TIMEOUT);
        assertThat(output).contains("Applying version 2 (widen held)");
        assertThat(errorLines(output)).singleElement()
            .asString()
            .contains("version 2 (widen held) waited 2s (MIGRATIONS_LOCK_WAIT_TIMEOUT) for a lock on a table "
                    + "another session holds (lock wait timeout)")
            .contains("MIGRATIONS_REPAIR=true");

        // the way out the line names, once the other session has ended
        assertThat(MigrationsApplication.run(args(db, "--migrations.repair=true"))).isEqualTo(ExitCodes.REPAIRED);
        assertThat(MigrationsApplication.run(args(db))).isEqualTo(ExitCodes.UP_TO_DATE);
        assertThat(query(db, "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                + "AND TABLE_NAME = 'held' ORDER BY ORDINAL_POSITION"))
            .containsExactly("id", "c");
    }

    /** Applies V1, then a V2 whose first statement succeeds and whose second fails: Flyway records V2 as failed. */
    /** The first failure says already that the migration is recorded as failed, and the way out. */
    private void failHalfWay(TestDatabase db, CapturedOutput output) throws IOException {
        write("V1__create_held.sql", CREATE_HELD);
        write("V2__add_columns.sql",
                "ALTER TABLE held ADD COLUMN a INT NULL;\nALTER TABLE later ADD COLUMN b INT NULL;\n");
        assertThat(MigrationsApplication.run(args(db))).isEqualTo(ExitCodes.MIGRATION_FAILED);
        assertThat(errorLines(output)).last().asString()
            .contains("version 2 (add columns) is now recorded as failed")
            .contains("run the job once with MIGRATIONS_REPAIR=true and again without it");
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(scripts.resolve(name), content);
    }

    private String[] args(TestDatabase db, String... more) {
        List<String> args = new ArrayList<>(List.of("--migrations.host=" + db.host(),
                "--migrations.port=" + db.port(), "--migrations.database=" + db.name(),
                "--migrations.user=" + db.user(), "--migrations.password=" + db.password(),
                "--migrations.connect-timeout=10s", "--migrations.locations=filesystem:" + scripts));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static List<String> errorLines(CapturedOutput output) {
        // the job's lines (not the test infrastructure's, logged before Spring's format applies)
        return output.getAll()
            .lines()
            .filter(line -> line.contains(" ERROR ") && line.contains("[migrations-job]"))
            .toList();
    }

    private static List<String> history(TestDatabase db) throws SQLException {
        return query(db, "SELECT version, success FROM flyway_schema_history ORDER BY installed_rank");
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void execute(TestDatabase db, String sql) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private static List<String> query(TestDatabase db, String sql) throws SQLException {
        try (Connection connection = db.connect()) {
            return query(connection, sql);
        }
    }

    private static List<String> query(Connection connection, String sql) throws SQLException {
        return TestDatabase.rows(connection, sql);
    }
}
