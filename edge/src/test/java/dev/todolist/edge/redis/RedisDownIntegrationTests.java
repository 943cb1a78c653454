package dev.todolist.edge.redis;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.TestTokens;
import dev.todolist.edge.TodoCoreProcess;
import dev.todolist.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** With Redis unreachable the revocation check fails closed: 503 within a second, never a pass. */
@ExtendWith(OutputCaptureExtension.class)
class RedisDownIntegrationTests extends EdgeIntegrationTest {

    static final TestDatabase db = TestDatabase.create(RedisDownIntegrationTests.class);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, RedisDownIntegrationTests.class, db,
                "http://127.0.0.1:" + TodoCoreProcess.freePort());
        registry.add("edge.redis.address", () -> "127.0.0.1:" + TodoCoreProcess.freePort());
    }

    @Test
    void aValidTokenGets503WithinOneSecond() {
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            http.get().uri("/tasks").headers(h -> h.setBearerAuth(TestTokens.valid(7)))
                .header(HttpHeaders.ORIGIN, "http://localhost:3000").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:3000")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("service_unavailable");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void invalidTokensAreStill401() {
        http.get().uri("/tasks").header(HttpHeaders.AUTHORIZATION, "Bearer garbage").exchange()
            .expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("invalid_token");
    }

    /** Register fails open: it reveals nothing about a password, and it needs no Redis. */
    @Test
    void registerStillWorksAndLoginIs503() {
        Map<String, String> credentials = Map.of("email", "redis-down@example.com", "password", "correct horse");
        http.post().uri("/auth/register").contentType(MediaType.APPLICATION_JSON).bodyValue(credentials).exchange()
            .expectStatus().isCreated();
        long start = System.nanoTime();
        http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON).bodyValue(credentials).exchange()
            .expectStatus().isEqualTo(503)
            .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5")
            .expectBody().jsonPath("$.code").isEqualTo("service_unavailable");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void loginIs503BeforeAnyPasswordIsCheckedWhileTheRateLimitCannotBeCounted() {
        // with Redis down, a wrong password and a right one get the same 503: no password oracle
        Map<String, String> credentials = Map.of("email", "oracle@example.com", "password", "correct horse");
        http.post().uri("/auth/register").contentType(MediaType.APPLICATION_JSON).bodyValue(credentials).exchange()
            .expectStatus().isCreated();
        http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", "oracle@example.com", "password", "wrong password")).exchange()
            .expectStatus().isEqualTo(503);
        http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", "nobody-at-all@example.com", "password", "wrong password")).exchange()
            .expectStatus().isEqualTo(503);
    }

    @Test
    void readinessIsDownButLivenessUpAndTheOutageIsLoggedOnce(CapturedOutput output) {
        for (int i = 0; i < 3; i++) {
            http.get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
        }
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        // one line when the outage begins, not a warning with a stack trace at every probe
        assertThat(output.getOut().lines().filter(line -> line.contains("Redis does not answer"))).hasSize(1);
        assertThat(output.getOut()).doesNotContain("\tat io.lettuce");
    }
}
