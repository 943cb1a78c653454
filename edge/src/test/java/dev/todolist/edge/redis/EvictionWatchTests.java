package dev.todolist.edge.redis;

import java.time.Duration;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.todolist.edge.observability.EdgeMetrics;
import dev.todolist.testsupport.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge's Redis made to allow eviction and back, on the real server (its memory settings are restored after each
 * test; a maximum of 1 GiB evicts nothing from the tests' few keys meanwhile).
 */
@ExtendWith(OutputCaptureExtension.class)
class EvictionWatchTests {

    static final String MAY_EVICT = "may evict keys";

    final MeterRegistry registry = new SimpleMeterRegistry();

    RedisClient adminClient;

    StatefulRedisConnection<String, String> adminConnection;

    RedisCommands<String, String> admin;

    Map<String, String> original;

    EdgeRedis redis;

    EvictionWatch watch;

    @BeforeEach
    void connect() {
        adminClient = RedisClient.create(RedisURI.create(TestRedis.host(), TestRedis.port()));
        adminConnection = adminClient.connect();
        admin = adminConnection.sync();
        original = admin.configGet("maxmemory", "maxmemory-policy");
        RedisProperties properties = new RedisProperties(TestRedis.address(), "",
                TestRedis.uniqueKeyPrefix(EvictionWatchTests.class), Duration.ofSeconds(2), Duration.ofSeconds(2));
        redis = new EdgeRedis(properties);
        watch = new EvictionWatch(redis, properties, new EdgeMetrics(registry));
    }

    @AfterEach
    void restore() {
        admin.configSet(original);
        adminConnection.close();
        adminClient.shutdown();
        redis.destroy();
    }

    double gauge() {
        return registry.get(EdgeMetrics.REDIS_EVICTION_POSSIBLE).gauge().value();
    }

    @Test
    void aRedisThatMayEvictRevocationsIsOneErrorLineAndAGaugeUntilItNoLongerMay(CapturedOutput output) {
        admin.configSet(Map.of("maxmemory", "0", "maxmemory-policy", "noeviction"));
        assertThat(watch.check().block().mayEvict()).isFalse();
        assertThat(gauge()).isZero();

        // what a managed Redis service's defaults look like
        admin.configSet(Map.of("maxmemory", "1gb", "maxmemory-policy", "volatile-lru"));
        assertThat(watch.check().block().mayEvict()).isTrue();
        watch.check().block();
        assertThat(gauge()).isOne();
        assertThat(output.getOut().split(MAY_EVICT, -1)).as("one line, not one per check").hasSize(2);
        assertThat(output).contains("Redis at " + TestRedis.address() + " may evict keys (maxmemory 1073741824 bytes, "
                + "maxmemory-policy volatile-lru)").contains("maxmemory-policy noeviction");

        admin.configSet("maxmemory-policy", "noeviction");
        assertThat(watch.check().block().mayEvict()).isFalse();
        assertThat(gauge()).isZero();
        assertThat(output).contains("no longer evicts keys (maxmemory 1073741824 bytes, maxmemory-policy noeviction)");
    }

    @Test
    void anEvictionPolicyWithoutAMaximumEvictsNothing() {
        // Redis's own default: no maximum, so no policy ever applies
        admin.configSet(Map.of("maxmemory", "0", "maxmemory-policy", "allkeys-lru"));
        assertThat(watch.check().block().mayEvict()).isFalse();
        assertThat(gauge()).isZero();
    }

    @Test
    void aRedisThatDoesNotAnswerLeavesTheLastSettingsSeen() {
        admin.configSet(Map.of("maxmemory", "1gb", "maxmemory-policy", "allkeys-lru"));
        watch.check().block();
        redis.destroy();
        assertThat(watch.check().blockOptional()).isEmpty();
        assertThat(gauge()).isOne();
    }
}
