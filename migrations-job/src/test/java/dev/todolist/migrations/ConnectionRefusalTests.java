package dev.todolist.migrations;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.todolist.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's answers that waiting does not change end the job at once, with a line that names the setting to
 * correct; each run allows a 30 s wait, so a retried answer would show as a slow run.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConnectionRefusalTests {

    private static final Duration AT_ONCE = Duration.ofSeconds(10);

    @Test
    void aDatabaseTheUserMayNotUseFailsAtOnceNamingDatabaseAndUser(CapturedOutput output) throws SQLException {
        TestDatabase db = TestDatabase.empty(ConnectionRefusalTests.class);
        String user = "t_refusal_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(db, "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'a-password'");
        try {
            long started = System.nanoTime();

            int code = MigrationsApplication.run("--migrations.host=" + db.host(), "--migrations.port=" + db.port(),
                    "--migrations.database=nonexistent_ops_db", "--migrations.user=" + user,
                    "--migrations.password=a-password", "--migrations.connect-timeout=30s");

            assertThat(code).isEqualTo(ExitCodes.CANNOT_CONNECT);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(AT_ONCE);
            assertThat(output).containsPattern("ERROR .*Migrations not applied: database 'nonexistent_ops_db' on "
                    + ".* does not exist or user '" + user + "' has no privileges on it \\(MYSQL_DATABASE, "
                    + "MYSQL_USER\\)")
                .doesNotContain("Waiting for database");
        }
        finally {
            execute(db, "DROP USER '" + user + "'@'%'");
        }
    }

    @Test
    void anUnknownDatabaseFailsAtOnceNamingMysqlDatabase(CapturedOutput output) {
        TestDatabase db = TestDatabase.empty(ConnectionRefusalTests.class);
        long started = System.nanoTime();

        int code = MigrationsApplication.run(withDatabase(db, db.name() + "_missing"));

        assertThat(code).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(AT_ONCE);
        assertThat(output).containsPattern("ERROR .*Migrations not applied: database '" + db.name()
                + "_missing' does not exist on .* \\(MYSQL_DATABASE\\)");
    }

    @Test
    void aDatabaseNameTheServerCallsIncorrectIsAnInvalidSettingAtOnce(CapturedOutput output) {
        TestDatabase db = TestDatabase.empty(ConnectionRefusalTests.class);
        String seventyCharacters = "d".repeat(70);
        long started = System.nanoTime();

        int code = MigrationsApplication.run(withDatabase(db, seventyCharacters));

        assertThat(code).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(AT_ONCE);
        assertThat(output).containsPattern("ERROR .*Migrations not applied: invalid setting MYSQL_DATABASE: .*'"
                + seventyCharacters + "' an incorrect database name")
            .doesNotContain("Waiting for database");
    }

    private static String[] withDatabase(TestDatabase db, String database) {
        return new String[] { "--migrations.host=" + db.host(), "--migrations.port=" + db.port(),
                "--migrations.database=" + database, "--migrations.user=" + db.user(),
                "--migrations.password=" + db.password(), "--migrations.connect-timeout=30s" };
    }

    private static void execute(TestDatabase db, String sql) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
