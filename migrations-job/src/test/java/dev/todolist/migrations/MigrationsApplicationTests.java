package dev.todolist.migrations;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.todolist.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class MigrationsApplicationTests {

    @Test
    void emptyDatabaseIsMigratedAndTheJobExitsZero(CapturedOutput output) throws SQLException {
        TestDatabase db = TestDatabase.empty(MigrationsApplicationTests.class);
        // a server whose default is not what the tables need: each table and column must say its own
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("ALTER DATABASE CHARACTER SET latin1 COLLATE latin1_swedish_ci");
        }

        assertThat(MigrationsApplication.run(args(db))).isZero();

        assertThat(output).containsPattern("Applied \\d+ migration\\(s\\)");
        try (Connection connection = db.connect()) {
            assertThat(query(connection, "SELECT TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES "
                    + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('users', 'tasks', 'notifications') "
                    + "ORDER BY TABLE_NAME"))
                .containsExactly("notifications utf8mb4_unicode_ci", "tasks utf8mb4_unicode_ci",
                        "users utf8mb4_unicode_ci");
            assertThat(query(connection, "SELECT CHARACTER_SET_NAME, COLLATION_NAME FROM information_schema.COLUMNS "
                    + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'tasks' AND COLUMN_NAME = 'title'"))
                .containsExactly("utf8mb4 utf8mb4_bin");
        }
    }

    @Test
    void secondRunAppliesNothingAndExitsZero(CapturedOutput output) throws SQLException {
        TestDatabase db = TestDatabase.empty(MigrationsApplicationTests.class);
        assertThat(MigrationsApplication.run(args(db))).isZero();
        List<String> historyAfterFirstRun;
        try (Connection connection = db.connect()) {
            historyAfterFirstRun = query(connection, "SELECT version, checksum FROM flyway_schema_history");
        }

        assertThat(MigrationsApplication.run(args(db))).isZero();

        assertThat(output).containsPattern("is up to date at version \\d+; nothing to apply");
        try (Connection connection = db.connect()) {
            assertThat(query(connection, "SELECT version, checksum FROM flyway_schema_history"))
                .isEqualTo(historyAfterFirstRun);
        }
    }

    @Test
    void deletingAUserDeletesTheirTasksOnly() throws SQLException {
        TestDatabase db = TestDatabase.empty(MigrationsApplicationTests.class);
        assertThat(MigrationsApplication.run(args(db))).isZero();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO users (id, email, password_hash, created_at) VALUES "
                    + "(1, 'a@example.com', 'x', UTC_TIMESTAMP()), (2, 'b@example.com', 'x', UTC_TIMESTAMP())");
            statement.executeUpdate("INSERT INTO tasks (user_id, title, created_at, updated_at) VALUES "
                    + "(1, 'a1', UTC_TIMESTAMP(), UTC_TIMESTAMP()), (1, 'a2', UTC_TIMESTAMP(), UTC_TIMESTAMP()), "
                    + "(2, 'b1', UTC_TIMESTAMP(), UTC_TIMESTAMP())");

            statement.executeUpdate("DELETE FROM users WHERE id = 1");

            assertThat(query(connection, "SELECT title FROM tasks")).containsExactly("b1");
        }
    }

    @Test
    void emojiTitlesAreStoredByteForByte() throws SQLException {
        TestDatabase db = TestDatabase.empty(MigrationsApplicationTests.class);
        assertThat(MigrationsApplication.run(args(db))).isZero();
        String title = "🧪 тест 测试 👩‍👩‍👧‍👦";
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO users (id, email, password_hash, created_at) VALUES "
                    + "(1, 'a@example.com', 'x', UTC_TIMESTAMP())");
            try (var insert = connection.prepareStatement("INSERT INTO tasks (user_id, title, created_at, "
                    + "updated_at) VALUES (1, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())")) {
                insert.setString(1, title);
                insert.executeUpdate();
            }
            assertThat(query(connection, "SELECT title FROM tasks")).containsExactly(title);
            assertThat(query(connection, "SELECT HEX(title) FROM tasks"))
                .containsExactly(HexFormat.of().withUpperCase().formatHex(title.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void refusedCredentialsExitNonZeroWithOneLineNamingTheCause(CapturedOutput output) {
        TestDatabase db = TestDatabase.empty(MigrationsApplicationTests.class);
        long started = System.nanoTime();

        int code = MigrationsApplication.run("--migrations.host=" + db.host(), "--migrations.port=" + db.port(),
                "--migrations.database=" + db.name(), "--migrations.user=no_such_user",
                "--migrations.password=certainly-not-the-password", "--migrations.connect-timeout=30s");

        assertThat(code).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused credentials are not retried")
            .isLessThan(Duration.ofSeconds(10));
        assertThat(output).containsPattern("ERROR .*Migrations not applied: the database refused the credentials "
                + "of no_such_user@");
    }

    @Test
    void unreachableHostExitsNonZeroWhenTheRetryWindowEnds(CapturedOutput output) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        long started = System.nanoTime();

        int code = MigrationsApplication.run("--migrations.host=127.0.0.1", "--migrations.port=" + closedPort,
                "--migrations.database=todo_db", "--migrations.user=root", "--migrations.connect-timeout=3s",
                "--migrations.retry-interval=500ms");

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(code).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(took).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(20));
        assertThat(output).contains("Waiting for database 127.0.0.1:" + closedPort)
            .containsPattern("Migrations not applied: database 127.0.0.1:" + closedPort
                    + " did not accept a connection within 3s");
    }

    @Test
    void failingMigrationExitsNonZeroAndNamesTheScript(@TempDir Path extra, CapturedOutput output)
            throws IOException, SQLException {
        TestDatabase db = TestDatabase.empty(MigrationsApplicationTests.class);
        Files.writeString(extra.resolve("V900__broken.sql"), "CREATE TABLE broken (id BIGINT NOT NULL,;\n");
        List<String> args = new ArrayList<>(List.of(args(db)));
        args.add("--migrations.locations=classpath:db/migration,filesystem:" + extra);

        int code = MigrationsApplication.run(args.toArray(String[]::new));

        assertThat(code).isEqualTo(ExitCodes.MIGRATION_FAILED);
        assertThat(output).containsPattern("ERROR .*Migrations failed on .*V900__broken\\.sql");
        try (Connection connection = db.connect()) {
            assertThat(query(connection, "SELECT version FROM flyway_schema_history WHERE success = 1"))
                .contains("1")
                .doesNotContain("900");
        }
    }

    @Test
    void missingSettingsExitNonZeroWithOneLineNamingTheVariable(CapturedOutput output) {
        assertThat(MigrationsApplication.run("--migrations.user=")).isEqualTo(ExitCodes.CONFIGURATION);

        assertThat(output).containsPattern(
                "ERROR .*Migrations not applied: invalid settings: migrations.user must be set \\(MYSQL_USER\\)");
    }

    @Test
    void aPortThatIsNotANumberExitsNonZeroNamingTheSetting(CapturedOutput output) {
        assertThat(MigrationsApplication.run("--migrations.user=root", "--migrations.port=abc"))
            .isEqualTo(ExitCodes.CONFIGURATION);

        assertThat(output).containsPattern("ERROR .*Migrations not applied: invalid setting migrations.port: not a valid value of its type");
    }

    private static String[] args(TestDatabase db) {
        return new String[] { "--migrations.host=" + db.host(), "--migrations.port=" + db.port(),
                "--migrations.database=" + db.name(), "--migrations.user=" + db.user(),
                "--migrations.password=" + db.password(), "--migrations.connect-timeout=10s" };
    }

    private static List<String> query(Connection connection, String sql) throws SQLException {
        return TestDatabase.rows(connection, sql);
    }
}
