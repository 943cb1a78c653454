package dev.todolist.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Decides once per test JVM where the tests' MySQL and Redis come from: Testcontainers when a Docker engine
 * answers (GitHub Actions, a developer laptop), the servers named by environment variables otherwise.
 * {@code TEST_INFRA=docker|local} forces the choice.
 */
public enum TestInfrastructure {

    DOCKER, LOCAL;

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

    private static volatile TestInfrastructure chosen;

    public static TestInfrastructure current() {
        TestInfrastructure result = chosen;
        if (result == null) {
            synchronized (TestInfrastructure.class) {
                if (chosen == null) {
                    chosen = choose();
                    log.info("Test infrastructure: {}", chosen.describe());
                    System.out.println("[test-support] Test infrastructure: " + chosen.describe());
                }
                result = chosen;
            }
        }
        return result;
    }

    private static TestInfrastructure choose() {
        String forced = env("TEST_INFRA", "");
        if (forced.equalsIgnoreCase("docker")) {
            return DOCKER;
        }
        if (forced.equalsIgnoreCase("local")) {
            return LOCAL;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable() ? DOCKER : LOCAL;
        }
        catch (RuntimeException | LinkageError ex) {
            return LOCAL;
        }
    }

    private String describe() {
        return switch (this) {
            case DOCKER -> "Testcontainers (" + TestImages.MYSQL + ", " + TestImages.REDIS + ")";
            case LOCAL -> "local servers (MySQL-compatible at " + LocalServers.mysqlHost() + ":" + LocalServers.mysqlPort()
                    + " as " + LocalServers.mysqlUser() + ", Redis at " + LocalServers.redisHost() + ":"
                    + LocalServers.redisPort() + "); no Docker engine answered";
        };
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
