package dev.todolist.testsupport;

/** Where the local servers are when no Docker engine answers; each setting from an environment variable. */
final class LocalServers {

    private LocalServers() {
    }

    static String mysqlHost() {
        return TestInfrastructure.env("TEST_MYSQL_HOST", "127.0.0.1");
    }

    static int mysqlPort() {
        return Integer.parseInt(TestInfrastructure.env("TEST_MYSQL_PORT", "3306"));
    }

    static String mysqlUser() {
        return TestInfrastructure.env("TEST_MYSQL_USER", "root");
    }

    static String mysqlPassword() {
        String value = System.getenv("TEST_MYSQL_PASSWORD");
        return value == null ? "" : value;
    }

    static String redisHost() {
        return TestInfrastructure.env("TEST_REDIS_HOST", "127.0.0.1");
    }

    static int redisPort() {
        return Integer.parseInt(TestInfrastructure.env("TEST_REDIS_PORT", "6379"));
    }
}
