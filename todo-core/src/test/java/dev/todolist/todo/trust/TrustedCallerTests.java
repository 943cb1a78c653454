package dev.todolist.todo.trust;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.todolist.testsupport.TestDatabase;
import dev.todolist.todo.ApiClient;
import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.todo.TestUsers;

/** todo-core answers only the edge: the internal credential and a positive X-User-ID, whoever sends the request. */
@ExtendWith(NettyLeakDetection.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class TrustedCallerTests {

    static final TestDatabase db = TestDatabase.create(TrustedCallerTests.class);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        db.registerR2dbc(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void withoutTheInternalCredentialEveryRouteIs403() {
        WebTestClient client = ApiClient.anonymous(port);
        expect(client.get().uri("/tasks").header("X-User-ID", "1").exchange(), HttpStatus.FORBIDDEN,
                "untrusted_caller");
        expect(client.post().uri("/tasks").header("X-User-ID", "1").contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"title\":\"x\"}").exchange(), HttpStatus.FORBIDDEN, "untrusted_caller");
        expect(client.get().uri("/anything").exchange(), HttpStatus.FORBIDDEN, "untrusted_caller");
        expect(client.get().uri("/actuator/env").exchange(), HttpStatus.FORBIDDEN, "untrusted_caller");
    }

    @ParameterizedTest
    @ValueSource(strings = { "wrong", "TEST-INTERNAL-TOKEN", "test-internal-toke", "test-internal-tokenx", "" })
    void aWrongInternalCredentialIs403(String token) {
        expect(ApiClient.anonymous(port).get().uri("/tasks").header("X-Internal-Token", token)
            .header("X-User-ID", "1").exchange(), HttpStatus.FORBIDDEN, "untrusted_caller");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "0", "-1", "abc", "1.0", "1 2", "1,2", "99999999999999999999", "9223372036854775808" })
    void aMissingOrInvalidUserIdIs401(String userId) {
        expect(ApiClient.anonymous(port).get().uri("/tasks").header("X-Internal-Token", ApiClient.INTERNAL_TOKEN)
            .header("X-User-ID", userId).exchange(), HttpStatus.UNAUTHORIZED, "missing_user_id");
    }

    @Test
    void noUserIdAtAllIs401() {
        expect(ApiClient.anonymous(port).get().uri("/tasks").header("X-Internal-Token", ApiClient.INTERNAL_TOKEN)
            .exchange(), HttpStatus.UNAUTHORIZED, "missing_user_id");
    }

    @Test
    void aUserIdWithNoUserBehindItCannotCreateTasks() {
        expect(ApiClient.asUser(port, 9_000_000_000L).post().uri("/tasks").bodyValue("{\"title\":\"ghost\"}")
            .exchange(), HttpStatus.UNAUTHORIZED, "unknown_user");
    }

    @Test
    void aTrustedCallerGetsIn() {
        ApiClient.asUser(port, TestUsers.create(db)).get().uri("/tasks").exchange().expectStatus().isOk();
    }

    @Test
    void healthNeedsNoCredentialAndReadinessIncludesTheDatabase() {
        WebTestClient client = ApiClient.anonymous(port);
        client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.status").isEqualTo("UP");
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    private static void expect(WebTestClient.ResponseSpec response, HttpStatus status, String code) {
        response.expectStatus().isEqualTo(status)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.code").isEqualTo(code).jsonPath("$.error").isNotEmpty();
    }
}
