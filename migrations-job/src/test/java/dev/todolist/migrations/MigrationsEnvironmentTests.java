package dev.todolist.migrations;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.todolist.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** The job in its own JVM, configured by environment variables as compose, Kubernetes and scripts/stack.sh do. */
class MigrationsEnvironmentTests {

    @Test
    void aTimeoutThatIsNotADurationIsRefusedNamingTheVariable() throws IOException, InterruptedException {
        assertRefusedInOneErrorLine("MIGRATIONS_CONNECT_TIMEOUT", "not-a-duration",
                "Migrations not applied: invalid setting MIGRATIONS_CONNECT_TIMEOUT: not a valid value of its type");
    }

    @Test
    void aPortThatIsNotANumberIsRefusedNamingTheVariableOfApplicationYaml() throws IOException, InterruptedException {
        assertRefusedInOneErrorLine("MYSQL_PORT", "not-a-port",
                "Migrations not applied: invalid setting MYSQL_PORT: not a valid value of its type");
    }

    @Test
    void aNegativeTimeoutIsRefusedAtStartWithOneErrorLine() throws IOException, InterruptedException {
        assertRefusedInOneErrorLine("MIGRATIONS_CONNECT_TIMEOUT", "-5s", "Migrations not applied: invalid settings: "
                + "migrations.connect-timeout must be positive (MIGRATIONS_CONNECT_TIMEOUT)");
    }

    @Test
    void aLockWaitTimeoutInFractionsOfASecondIsRefusedNamingTheVariable() throws IOException, InterruptedException {
        assertRefusedInOneErrorLine("MIGRATIONS_LOCK_WAIT_TIMEOUT", "1500ms", "Migrations not applied: invalid "
                + "settings: migrations.lock-wait-timeout must be whole seconds with a unit, from 1s to 365d, e.g. "
                + "60s (a bare number is milliseconds) (MIGRATIONS_LOCK_WAIT_TIMEOUT)");
    }

    @Test
    void aRepairSettingThatIsNotABooleanIsRefusedNamingTheVariable() throws IOException, InterruptedException {
        assertRefusedInOneErrorLine("MIGRATIONS_REPAIR", "perhaps",
                "Migrations not applied: invalid setting MIGRATIONS_REPAIR: not a valid value of its type");
    }

    /** Exit 3 and one ERROR line that says so; the rejected value is never logged (it might be a secret). */
    private static void assertRefusedInOneErrorLine(String name, String value, String message)
            throws IOException, InterruptedException {
        JobProcess.Result result = JobProcess.run(nowhere(name, value));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFIGURATION);
        assertThat(result.linesContaining("ERROR")).singleElement().asString().contains(message);
        assertThat(String.join("\n", result.lines())).as("the rejected value is not logged").doesNotContain(value);
    }

    @Test
    void logFormatJsonMakesEveryLineAnEcsDocument() throws IOException, InterruptedException {
        TestDatabase db = TestDatabase.empty(MigrationsEnvironmentTests.class);

        JobProcess.Result result = JobProcess.run(Map.of("LOG_FORMAT", "json", "MYSQL_HOST", db.host(), "MYSQL_PORT",
                Integer.toString(db.port()), "MYSQL_DATABASE", db.name(), "MYSQL_USER", db.user(), "MYSQL_PASSWORD",
                db.password()));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UP_TO_DATE);
        assertThat(result.lines()).isNotEmpty()
            .allSatisfy(line -> assertThat(line).startsWith("{\"@timestamp\"").endsWith("}").contains("\"ecs\""));
        assertThat(result.linesContaining("Applied ")).singleElement()
            .asString()
            .contains("\"service\":{\"name\":\"migrations-job\"");
    }

    /**
     * Settings that point at a closed port, plus one more: should the job get past its settings, it connects to
     * nothing (rather than to a database of this machine).
     */
    private static Map<String, String> nowhere(String name, String value) throws IOException {
        Map<String, String> environment = new HashMap<>(Map.of("MYSQL_HOST", "127.0.0.1", "MYSQL_PORT",
                Integer.toString(closedPort()), "MYSQL_DATABASE", "todo_db", "MYSQL_USER", "root",
                "MIGRATIONS_CONNECT_TIMEOUT", "2s"));
        environment.put(name, value);
        return environment;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
