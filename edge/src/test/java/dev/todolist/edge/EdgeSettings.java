package dev.todolist.edge;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.todolist.testsupport.TestDatabase;
import dev.todolist.testsupport.TestRedis;

/** The settings of an edge under test, as the environment variables of the contract. */
public final class EdgeSettings {

    private static final Map<Class<?>, String> KEY_PREFIXES = new ConcurrentHashMap<>();

    private EdgeSettings() {
    }

    /**
     * Registers the settings; returns the Redis key prefix of this test class. A test that starts a notifier
     * registers its {@code NOTIFIER_ADDR} after these (the later registration wins).
     */
    public static String register(DynamicPropertyRegistry registry, Class<?> testClass, TestDatabase db,
            String taskServiceUrl) {
        db.registerMysqlSettings(registry);
        registry.add("JWT_SECRET", () -> TestTokens.SECRET);
        registry.add("INTERNAL_TOKEN", () -> TestTokens.INTERNAL_TOKEN);
        registry.add("REDIS_ADDR", TestRedis::address);
        String prefix = KEY_PREFIXES.computeIfAbsent(testClass, TestRedis::uniqueKeyPrefix);
        registry.add("REDIS_KEY_PREFIX", () -> prefix);
        registry.add("TASK_SERVICE_URL", () -> taskServiceUrl);
        // a closed port unless the test starts a notifier: the default, localhost:9090, is a developer's running stack
        String noNotifier = "127.0.0.1:" + TodoCoreProcess.freePort();
        registry.add("NOTIFIER_ADDR", () -> noNotifier);
        registry.add("BCRYPT_COST", () -> "6");
        registry.add("AUTH_RATE_LIMIT_PER_MINUTE", () -> "1000");
        return prefix;
    }

    /** The Redis key prefix {@link #register} gave this test class, or null. */
    static String keyPrefixOf(Class<?> testClass) {
        return KEY_PREFIXES.get(testClass);
    }
}
