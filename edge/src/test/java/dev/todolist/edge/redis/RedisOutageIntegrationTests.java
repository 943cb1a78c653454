package dev.todolist.edge.redis;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.TestTokens;
import dev.todolist.edge.TodoCoreProcess;
import dev.todolist.testsupport.TcpRelay;
import dev.todolist.testsupport.TestDatabase;
import dev.todolist.testsupport.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis goes away while the edge runs, then comes back: checks fail closed (503 within a second) during the outage
 * and pass again afterwards without a restart. The upstream is a closed port, so a request that passed the
 * revocation check is a 502. A Redis that hangs (answers nothing) costs a refresh one command timeout, not two.
 */
class RedisOutageIntegrationTests extends EdgeIntegrationTest {

    static final TestDatabase db = TestDatabase.create(RedisOutageIntegrationTests.class);

    static final TcpRelay relay = startedRelay();

    static TcpRelay startedRelay() {
        TcpRelay relay = new TcpRelay(TestRedis.host(), TestRedis.port());
        relay.relay();
        return relay;
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, RedisOutageIntegrationTests.class, db,
                "http://127.0.0.1:" + TodoCoreProcess.freePort());
        registry.add("edge.redis.address", relay::address);
    }

    @AfterAll
    static void stopRelay() {
        relay.close();
    }

    private int tasksStatus() {
        return http.get().uri("/tasks").headers(h -> h.setBearerAuth(TestTokens.valid(9))).exchange()
            .returnResult(byte[].class).getStatus().value();
    }

    @Test
    void aRefreshWhileRedisHangsIs503WithinOneSecond() {
        String cookie = cookie(signIn(registered("hung-redis")));
        relay.delay(Duration.ofSeconds(3)); // every answer of Redis comes after the edge's 500 ms command timeout
        try {
            long start = System.nanoTime();
            http.post().uri("/auth/refresh").cookie("refresh_token", cookie).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectBody().jsonPath("$.code").isEqualTo("service_unavailable");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
        finally {
            relay.delay(Duration.ZERO);
            awaitChecksPass(); // the answers still on their way through the delay line arrive in order first
        }
    }

    private void awaitChecksPass() {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (tasksStatus() != 502 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    @Test
    void failsClosedDuringAnOutageAndRecoversByItself() {
        assertThat(tasksStatus()).isEqualTo(502);

        relay.refuse();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            assertThat(tasksStatus()).isEqualTo(503);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }

        relay.relay();
        awaitChecksPass();
        assertThat(tasksStatus()).as("after Redis came back").isEqualTo(502);
    }
}
