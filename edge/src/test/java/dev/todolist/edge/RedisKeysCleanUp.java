package dev.todolist.edge;

import java.util.List;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.todolist.testsupport.TestRedis;

/**
 * Deletes a test class's Redis keys once the class is done: the tests share one Redis server (the developer's, or
 * the CI machine's), and some keys the edge writes have no expiry (the revocation epoch), so without this every run
 * would leave them behind.
 */
final class RedisKeysCleanUp implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        String prefix = EdgeSettings.keyPrefixOf(context.getRequiredTestClass());
        if (prefix == null) {
            return;
        }
        RedisClient client = RedisClient.create("redis://" + TestRedis.address());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(500);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, match);
                List<String> keys = page.getKeys();
                if (!keys.isEmpty()) {
                    redis.unlink(keys.toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
    }
}
