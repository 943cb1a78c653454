package dev.todolist.edge.ratelimit;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.TodoCoreProcess;
import dev.todolist.testsupport.TestDatabase;

/**
 * {@code X-Forwarded-For} from a peer that is not a trusted proxy is ignored: a client that talks to the edge
 * directly cannot choose its rate-limit identity by making the header up.
 */
class UntrustedForwardedForIntegrationTests extends EdgeIntegrationTest {

    static final TestDatabase db = TestDatabase.create(UntrustedForwardedForIntegrationTests.class);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, UntrustedForwardedForIntegrationTests.class, db,
                "http://127.0.0.1:" + TodoCoreProcess.freePort());
        registry.add("AUTH_RATE_LIMIT_PER_MINUTE", () -> "3");
        registry.add("CLIENT_IP_HEADER", () -> "X-Forwarded-For");
        // the tests' client is 127.0.0.1, which is not trusted here
        registry.add("CLIENT_IP_TRUSTED_PROXIES", () -> "192.0.2.1");
    }

    private WebTestClient.ResponseSpec login(String madeUpClientIp) {
        return http.post().uri("/auth/login").header("X-Forwarded-For", madeUpClientIp)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", "nobody@example.com", "password", "wrong password"))
            .exchange();
    }

    @Test
    void aMadeUpForwardedForDoesNotBuyAFreshCount() {
        for (int i = 1; i <= 3; i++) {
            login("198.51.100." + i).expectStatus().isUnauthorized();
        }
        login("198.51.100.4").expectStatus().isEqualTo(429);
        login("203.0.113.99").expectStatus().isEqualTo(429);
    }
}
