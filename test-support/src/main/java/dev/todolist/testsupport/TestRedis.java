package dev.todolist.testsupport;

import java.util.UUID;

import org.testcontainers.containers.GenericContainer;

/**
 * The Redis server the tests use: a container where Docker runs, the local server otherwise. Tests share the
 * server and isolate themselves with a key prefix of their own ({@link #uniqueKeyPrefix(Class)}).
 */
public final class TestRedis {

    private static volatile GenericContainer<?> container;

    private TestRedis() {
    }

    public static String host() {
        return TestInfrastructure.current() == TestInfrastructure.DOCKER ? redisContainer().getHost()
                : LocalServers.redisHost();
    }

    public static int port() {
        return TestInfrastructure.current() == TestInfrastructure.DOCKER ? redisContainer().getMappedPort(6379)
                : LocalServers.redisPort();
    }

    /** {@code host:port}, the shape of the contract's {@code REDIS_ADDR}. */
    public static String address() {
        return host() + ":" + port();
    }

    /** A key prefix no other test class (or run) uses. */
    public static String uniqueKeyPrefix(Class<?> testClass) {
        return "test:" + testClass.getSimpleName() + ":" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    private static GenericContainer<?> redisContainer() {
        if (container == null) {
            synchronized (TestRedis.class) {
                if (container == null) {
                    GenericContainer<?> redis = new GenericContainer<>(TestImages.REDIS).withExposedPorts(6379);
                    redis.start();
                    container = redis;
                }
            }
        }
        return container;
    }
}
