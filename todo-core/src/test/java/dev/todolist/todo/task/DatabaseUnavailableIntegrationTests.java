package dev.todolist.todo.task;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.todo.ApiClient;

/**
 * todo-core whose database refuses connections (a port nothing listens on): every task request is a quick 503
 * {@code service_unavailable} problem with {@code Retry-After}, never a 500, and readiness says DOWN while liveness stays UP.
 */
@ExtendWith(NettyLeakDetection.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DatabaseUnavailableIntegrationTests {

    @DynamicPropertySource
    static void unreachableDatabase(DynamicPropertyRegistry registry) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        registry.add("spring.r2dbc.url", () -> "r2dbc:mysql://127.0.0.1:" + closedPort + "/todo_db?connectTimeout=PT2S");
        registry.add("spring.r2dbc.username", () -> "root");
    }

    @LocalServerPort
    int port;

    WebTestClient api;

    @BeforeEach
    void client() {
        api = ApiClient.asUser(port, 1);
    }

    @Test
    void everyTaskRequestIs503NotA500() {
        expect503(api.get().uri("/tasks").exchange());
        expect503(api.get().uri("/tasks/1").exchange());
        expect503(api.post().uri("/tasks").bodyValue("{\"title\":\"kept nowhere\"}").exchange());
        expect503(api.patch().uri("/tasks/1").bodyValue("{\"completed\":true}").exchange());
        expect503(api.delete().uri("/tasks/1").exchange());
    }

    @Test
    void aBadRequestIsStill400WithoutTheDatabase() {
        api.post().uri("/tasks").bodyValue("{\"title\":\"  \"}").exchange().expectStatus().isBadRequest();
    }

    @Test
    void readinessIsDownAndLivenessUp() {
        ApiClient.anonymous(port).get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
        ApiClient.anonymous(port).get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    }

    private static void expect503(WebTestClient.ResponseSpec response) {
        response.expectStatus().isEqualTo(503)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader().valueMatches(HttpHeaders.RETRY_AFTER, "[1-9][0-9]*")
            .expectBody()
            .jsonPath("$.code").isEqualTo("service_unavailable")
            .jsonPath("$.error").isEqualTo("The task database is unavailable; try again shortly.");
    }
}
