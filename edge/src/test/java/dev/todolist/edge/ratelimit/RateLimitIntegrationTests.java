package dev.todolist.edge.ratelimit;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.TodoCoreProcess;
import dev.todolist.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** Login, register and refresh are limited per client IP and route (here 3 a minute), with 429 and Retry-After. */
class RateLimitIntegrationTests extends EdgeIntegrationTest {

    static final TestDatabase db = TestDatabase.create(RateLimitIntegrationTests.class);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, RateLimitIntegrationTests.class, db,
                "http://127.0.0.1:" + TodoCoreProcess.freePort());
        registry.add("AUTH_RATE_LIMIT_PER_MINUTE", () -> "3");
        registry.add("CLIENT_IP_HEADER", () -> "X-Forwarded-For");
    }

    private WebTestClient.ResponseSpec login(String clientIp) {
        return http.post().uri("/auth/login").header("X-Forwarded-For", clientIp)
            .header(HttpHeaders.ORIGIN, "http://localhost:3000")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", "nobody@example.com", "password", "wrong password"))
            .exchange();
    }

    @Test
    void theFourthLoginInAMinuteIs429WithRetryAfterAndCors() {
        for (int i = 0; i < 3; i++) {
            login("203.0.113.1").expectStatus().isUnauthorized();
        }
        WebTestClient.ResponseSpec limited = login("203.0.113.1");
        limited.expectStatus().isEqualTo(429)
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:3000")
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.code").isEqualTo("rate_limited");
        String retryAfter = limited.returnResult(byte[].class).getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER);
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 60);

        // another client (behind the same trusted proxy) and another route have their own counts
        login("203.0.113.2").expectStatus().isUnauthorized();
        http.post().uri("/auth/refresh").header("X-Forwarded-For", "203.0.113.1").exchange()
            .expectStatus().isUnauthorized();
    }

    @Test
    void registerAndRefreshAreLimitedToo() {
        for (int i = 0; i < 3; i++) {
            http.post().uri("/auth/refresh").header("X-Forwarded-For", "198.51.100.7").exchange()
                .expectStatus().isUnauthorized();
        }
        http.post().uri("/auth/refresh").header("X-Forwarded-For", "198.51.100.7").exchange()
            .expectStatus().isEqualTo(429).expectHeader().exists(HttpHeaders.RETRY_AFTER);
        for (int i = 0; i < 3; i++) {
            http.post().uri("/auth/register").header("X-Forwarded-For", "198.51.100.7")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "bad", "password", "x"))
                .exchange().expectStatus().isBadRequest();
        }
        http.post().uri("/auth/register").header("X-Forwarded-For", "198.51.100.7")
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "bad", "password", "x"))
            .exchange().expectStatus().isEqualTo(429);
    }

    @Test
    void otherRoutesAreNotLimited() {
        for (int i = 0; i < 6; i++) {
            http.get().uri("/health").header("X-Forwarded-For", "192.0.2.9").exchange().expectStatus().isOk();
        }
    }

    @Test
    void anEncodedSpellingOfLoginIsCountedAsLogin() {
        for (int i = 0; i < 3; i++) {
            http.post().uri(URI.create("http://127.0.0.1:" + port + "/auth/%6cogin"))
                .header("X-Forwarded-For", "203.0.113.50").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "nobody@example.com", "password", "wrong password")).exchange()
                .expectStatus().isUnauthorized();
        }
        login("203.0.113.50").expectStatus().isEqualTo(429);
        http.post().uri(URI.create("http://127.0.0.1:" + port + "/auth/%6C%6Fgin"))
            .header("X-Forwarded-For", "203.0.113.50").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", "nobody@example.com", "password", "wrong password")).exchange()
            .expectStatus().isEqualTo(429);
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
        for (int i = 1; i <= 3; i++) {
            login("2001:db8:1:2::" + i).expectStatus().isUnauthorized();
        }
        login("2001:db8:1:2:ffff:ffff:ffff:ffff").expectStatus().isEqualTo(429);
        login("2001:db8:1:3::1").expectStatus().isUnauthorized();
    }

    @Test
    void theRetryAfterIsTheRestOfTheWindow() {
        for (int i = 0; i < 3; i++) {
            login("203.0.113.77").expectStatus().isUnauthorized();
        }
        long retryAfter = Long.parseLong(login("203.0.113.77").returnResult(byte[].class).getResponseHeaders()
            .getFirst(HttpHeaders.RETRY_AFTER));
        // the window started with the first of these logins, a moment ago: nearly all of its minute is left
        assertThat(retryAfter).isBetween(50L, 60L);
    }
}
