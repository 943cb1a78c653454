package dev.todolist.todo.trust;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.todolist.testsupport.TestDatabase;
import dev.todolist.todo.ApiClient;
import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.todo.TestUsers;
import dev.todolist.todo.web.RefusalLog;

import static dev.todolist.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** todo-core answers only the edge: the internal credential and a positive X-User-ID, whoever sends the request. */
@ExtendWith({ NettyLeakDetection.class, OutputCaptureExtension.class })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class TrustedCallerIntegrationTests {

    static final TestDatabase db = TestDatabase.create(TrustedCallerIntegrationTests.class);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        db.registerR2dbc(registry);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void withoutTheInternalCredentialEveryRouteIs403() {
        WebTestClient client = ApiClient.anonymous(port);
        expectProblem(client.get().uri("/tasks").header("X-User-ID", "1").exchange(), 403, "untrusted_caller");
        expectProblem(client.post().uri("/tasks").header("X-User-ID", "1").contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"title\":\"x\"}").exchange(), 403, "untrusted_caller");
        expectProblem(client.get().uri("/anything").exchange(), 403, "untrusted_caller");
        expectProblem(client.get().uri("/actuator/env").exchange(), 403, "untrusted_caller");
    }

    @Test
    void theManagementPortsRefusalsAreDatedToo() {
        // the credential's filter answers there too, before the management port's own filters would date it
        expectProblem(ApiClient.anonymous(managementPort).get().uri("/actuator/info").exchange(), 403,
                "untrusted_caller");
        ApiClient.anonymous(managementPort).get().uri("/actuator/info").exchange().expectHeader()
            .exists(HttpHeaders.DATE);
    }

    @ParameterizedTest
    @ValueSource(strings = { "wrong", "TEST-INTERNAL-TOKEN", "test-internal-toke", "test-internal-tokenx", "" })
    void aWrongInternalCredentialIs403(String token) {
        expectProblem(ApiClient.anonymous(port).get().uri("/tasks").header("X-Internal-Token", token)
            .header("X-User-ID", "1").exchange(), 403, "untrusted_caller");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "0", "-1", "abc", "1.0", "1 2", "1,2", "99999999999999999999", "9223372036854775808" })
    void aMissingOrInvalidUserIdIs401(String userId) {
        expectProblem(ApiClient.anonymous(port).get().uri("/tasks").header("X-Internal-Token", ApiClient.INTERNAL_TOKEN)
            .header("X-User-ID", userId).exchange(), 401, "missing_user_id");
    }

    @Test
    void noUserIdAtAllIs401() {
        expectProblem(ApiClient.anonymous(port).get().uri("/tasks").header("X-Internal-Token", ApiClient.INTERNAL_TOKEN)
            .exchange(), 401, "missing_user_id");
    }

    @Test
    void twoUserIdsAre400EvenWhenTheyAgree() {
        long user = TestUsers.create(db);
        for (String second : new String[] { "1", Long.toString(user) }) {
            expectProblem(ApiClient.anonymous(port).get().uri("/tasks").header("X-Internal-Token", ApiClient.INTERNAL_TOKEN)
                .header("X-User-ID", Long.toString(user), second).exchange(), 400, "ambiguous_header");
        }
    }

    @Test
    void twoInternalCredentialsAre400EvenWhenBothAreRight() {
        expectProblem(ApiClient.anonymous(port).get().uri("/tasks")
            .header("X-Internal-Token", ApiClient.INTERNAL_TOKEN, ApiClient.INTERNAL_TOKEN)
            .header("X-User-ID", Long.toString(TestUsers.create(db))).exchange(), 400, "ambiguous_header");
        expectProblem(ApiClient.anonymous(port).get().uri("/tasks").header("X-Internal-Token", "wrong",
                ApiClient.INTERNAL_TOKEN).header("X-User-ID", "1").exchange(), 400, "ambiguous_header");
    }

    @Test
    void aUserIdWithNoUserBehindItCannotCreateTasks() {
        expectProblem(ApiClient.asUser(port, 9_000_000_000L).post().uri("/tasks").bodyValue("{\"title\":\"ghost\"}")
            .exchange()
            .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, value -> assertThat(value)
                .startsWith("Bearer error=\"invalid_token\"")), 401, "unknown_user");
    }

    @Test
    void theLogLinesOfARefusedRequestCarryItsTraceId(CapturedOutput output) {
        String refusedTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        expectProblem(ApiClient.anonymous(port).get().uri("/tasks").header("X-Internal-Token", "wrong")
            .header("X-User-ID", "1").header("traceparent", "00-" + refusedTrace + "-00f067aa0ba902b7-01")
            .exchange(), 403, "untrusted_caller");
        String ghostTrace = "5cf92f3577b34da6a3ce929d0e0e4737";
        expectProblem(ApiClient.asUser(port, 9_000_000_001L).post().uri("/tasks")
            .header("traceparent", "00-" + ghostTrace + "-00f067aa0ba902b7-01").bodyValue("{\"title\":\"ghost\"}")
            .exchange(), 401, "unknown_user");
        assertThat(output.getOut().lines().filter(line -> line.contains("Refused GET /tasks from")))
            .anySatisfy(line -> assertThat(line).contains(refusedTrace));
        assertThat(output.getOut().lines().filter(line -> line.contains("Refused POST /tasks: the caller's user")))
            .anySatisfy(line -> assertThat(line).contains(ghostTrace));
    }

    /** Before the budget, every refused request was a warning: a client without the credential could fill a disk. */
    @Test
    void aFloodOfRefusalsWritesItsBudgetOfLinesAndOneSummary(CapturedOutput output) throws InterruptedException {
        int before = output.getOut().length();
        WebTestClient client = ApiClient.anonymous(port);
        int flood = 300;
        long start = System.nanoTime();
        for (int i = 0; i < flood; i++) {
            client.get().uri("/tasks").header("X-Internal-Token", "wrong").exchange().expectStatus().isForbidden();
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        Thread.sleep(2100); // the summary comes a second later, without waiting for another refusal
        String out = output.getOut().substring(before);
        assertThat(out.lines().filter(line -> line.contains("Refused GET /tasks from")).count()).isPositive()
            .isLessThan(flood).isLessThanOrEqualTo((seconds + 2) * RefusalLog.LINES_PER_SECOND);
        assertThat(out).containsPattern("Left out \\d+ refusal lines, over " + RefusalLog.LINES_PER_SECOND
                + " a second of a kind: \\d+ x 403 untrusted_caller "
                + "\\(http_server_requests_seconds_count counts them all\\)");
    }

    @Test
    void aTrustedCallerGetsIn() {
        ApiClient.asUser(port, TestUsers.create(db)).get().uri("/tasks").exchange().expectStatus().isOk();
    }

    @Test
    void healthNeedsNoCredential() {
        // that readiness includes the database (its components are not shown): DatabaseUnavailableIntegrationTests
        WebTestClient client = ApiClient.anonymous(port);
        client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.status").isEqualTo("UP");
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.status").isEqualTo("UP");
    }
}
