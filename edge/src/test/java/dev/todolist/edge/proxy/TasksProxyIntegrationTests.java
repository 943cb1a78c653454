package dev.todolist.edge.proxy;

import java.text.ParseException;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.TestTokens;
import dev.todolist.edge.TodoCoreProcess;
import dev.todolist.testsupport.RawHttp;
import dev.todolist.testsupport.TestDatabase;

import static dev.todolist.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** /tasks through the edge to the real todo-core: method, path, query and bodies kept; identity from the token only. */
@ExtendWith(OutputCaptureExtension.class)
class TasksProxyIntegrationTests extends EdgeIntegrationTest {

    static final TestDatabase db = TestDatabase.create(TasksProxyIntegrationTests.class);

    static final TodoCoreProcess core = TodoCoreProcess.start(db, TestTokens.INTERNAL_TOKEN,
            TasksProxyIntegrationTests.class);

    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
    };

    static final String STRANGERS_TASK = "/tasks/987654321";

    /** A todo-core deployed with another INTERNAL_TOKEN than the edge's, behind a route of its own. */
    static final TodoCoreProcess strangerCore = TodoCoreProcess.start(db, "another-" + TestTokens.INTERNAL_TOKEN,
            TasksProxyIntegrationTests.class);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, TasksProxyIntegrationTests.class, db, core.url());
        // the first route that matches is taken: one task's path goes to the stranger
        registry.add("edge.proxy.routes[0].prefix", () -> STRANGERS_TASK);
        registry.add("edge.proxy.routes[0].url", strangerCore::url);
        registry.add("edge.proxy.routes[1].prefix", () -> "/tasks");
        registry.add("edge.proxy.routes[1].url", core::url);
    }

    @AfterAll
    static void stopCore() {
        core.close();
        strangerCore.close();
    }

    String alice;

    String bob;

    @BeforeEach
    void users() {
        alice = "Bearer " + login("alice");
        bob = "Bearer " + login("bob");
    }

    private String login(String name) {
        Map<String, String> credentials = Map.of("email", name + "-" + System.nanoTime() + "@example.com", "password",
                "correct horse");
        http.post().uri("/auth/register").contentType(MediaType.APPLICATION_JSON).bodyValue(credentials).exchange()
            .expectStatus().isCreated();
        return (String) http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON).bodyValue(credentials)
            .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("access_token");
    }

    private Map<String, Object> create(String authorization, String title) {
        return http.post().uri("/tasks").header(HttpHeaders.AUTHORIZATION, authorization)
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", title))
            .exchange().expectStatus().isCreated().expectHeader().exists(HttpHeaders.LOCATION)
            .expectBody(MAP).returnResult().getResponseBody();
    }

    @Test
    void createListUpdateAndDeleteThroughTheEdge() {
        Map<String, Object> task = create(alice, "  Buy milk 🥛 ");
        assertThat(task).containsEntry("title", "Buy milk 🥛").containsEntry("completed", false);
        Object id = task.get("id");
        http.put().uri("/tasks/{id}", id).header(HttpHeaders.AUTHORIZATION, alice)
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("completed", true))
            .exchange().expectStatus().isOk().expectBody().jsonPath("$.completed").isEqualTo(true);
        create(alice, "Walk the dog");
        List<Map<String, Object>> done = http.get().uri("/tasks?completed=true").header(HttpHeaders.AUTHORIZATION, alice)
            .exchange().expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody();
        assertThat(done).extracting(t -> t.get("id")).containsExactly(id);
        http.get().uri("/tasks").header(HttpHeaders.AUTHORIZATION, alice).exchange().expectStatus().isOk()
            .expectBody(LIST).value(all -> assertThat(all).hasSize(2));
        http.delete().uri("/tasks/{id}", id).header(HttpHeaders.AUTHORIZATION, alice)
            .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
            .exchange().expectStatus().isNoContent();
        http.get().uri("/tasks/{id}", id).header(HttpHeaders.AUTHORIZATION, alice).exchange().expectStatus().isNotFound();
    }

    @Test
    void pipelinedRequestsAreEachAnsweredInOrderUpToTheOneThatAsksToClose() throws Exception {
        String auth = "Host: x\r\nAuthorization: " + alice + "\r\n";
        String body = "{\"title\":\"pipelined\"}";
        List<RawHttp.Response> answers = RawHttp.sendPipelined(port,
                "POST /tasks HTTP/1.1\r\n" + auth + "Content-Type: application/json\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body,
                "GET /tasks HTTP/1.1\r\n" + auth + "\r\n",
                "GET /tasks/x HTTP/1.1\r\n" + auth + "\r\n",
                "GET /tasks HTTP/1.1\r\n" + auth + "Connection: close\r\n\r\n",
                "DELETE /tasks HTTP/1.1\r\n" + auth + "\r\n");

        // the edge used to answer the first and then neither answer nor close
        assertThat(answers).extracting(RawHttp.Response::status).containsExactly(201, 200, 400, 200);
        assertThat(answers.get(1).body()).contains("\"title\":\"pipelined\"");
        assertThat(answers.get(3).header("connection")).isEqualTo("close");
        // the request after the one that asked to close was not served
        assertThat(http.get().uri("/tasks").header(HttpHeaders.AUTHORIZATION, alice).exchange()
            .expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody()).hasSize(1);
    }

    @Test
    void pipelinedRequestsTheEdgeAnswersItselfAreEachAnswered() throws Exception {
        // answered at once, before the next request is read: the next one reached Reactor Netty while the first's
        // exchange was not over, and one asking to close was then never answered
        List<RawHttp.Response> answers = RawHttp.sendPipelined(port, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(answers).extracting(RawHttp.Response::status).containsExactly(200, 404, 200);
    }

    @Test
    void anotherUsersTaskIsNotFound() {
        Object id = create(alice, "Alice's secret").get("id");
        http.get().uri("/tasks/{id}", id).header(HttpHeaders.AUTHORIZATION, bob).exchange()
            .expectStatus().isNotFound();
        http.delete().uri("/tasks/{id}", id).header(HttpHeaders.AUTHORIZATION, bob).exchange()
            .expectStatus().isNotFound();
        http.get().uri("/tasks").header(HttpHeaders.AUTHORIZATION, bob).exchange().expectStatus().isOk()
            .expectBody().json("[]");
        http.get().uri("/tasks/{id}", id).header(HttpHeaders.AUTHORIZATION, alice).exchange().expectStatus().isOk();
    }

    @Test
    void aSpoofedUserIdOrInternalTokenFromTheClientIsIgnored() throws ParseException {
        Object id = create(alice, "Mine").get("id");
        String aliceId = SignedJWT.parse(alice.substring("Bearer ".length())).getJWTClaimsSet().getSubject();
        // a path through an unauthenticated route that resolves to the task is refused as it stands, token or none
        expectProblem(http.get().uri("/auth/../tasks/{id}", id).exchange(), 400, "invalid_request");
        expectProblem(http.get().uri("/auth/../tasks/{id}", id).header(HttpHeaders.AUTHORIZATION, bob).exchange(),
                400, "invalid_request");
        // Bob claims to be Alice, and other user ids in turn: he still sees only his own (empty) list
        for (String user : List.of(aliceId, "1", "2", "3")) {
            http.get().uri("/tasks").header(HttpHeaders.AUTHORIZATION, bob)
                .header("X-User-ID", user).header("x-user-id", user)
                .header("X-Internal-Token", "forged")
                .exchange().expectStatus().isOk().expectBody().json("[]");
        }
        http.get().uri("/tasks/{id}", id).header(HttpHeaders.AUTHORIZATION, bob).header("X-User-ID", aliceId)
            .exchange().expectStatus().isNotFound();
        http.get().uri("/tasks").header(HttpHeaders.AUTHORIZATION, alice).exchange().expectStatus().isOk()
            .expectBody(LIST).value(tasks -> assertThat(tasks).extracting(task -> task.get("title"))
                .containsExactly("Mine"));
    }

    /** A browser client on another origin can send a task's conditions and read its ETag. */
    @Test
    void aCrossOriginClientCanChangeATaskOnlyIfNobodyElseDidMeanwhile() {
        String origin = "http://localhost:3000";
        Object id = create(alice, "Conditional").get("id");
        http.options().uri("/tasks/{id}", id).header(HttpHeaders.ORIGIN, origin)
            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PATCH")
            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, content-type, if-match")
            .exchange().expectStatus().isOk()
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "authorization, content-type, if-match");
        String seen = http.get().uri("/tasks/{id}", id).header(HttpHeaders.AUTHORIZATION, alice)
            .header(HttpHeaders.ORIGIN, origin).exchange().expectStatus().isOk()
            .expectHeader().value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, exposed -> assertThat(exposed)
                .contains(HttpHeaders.ETAG))
            .returnResult(byte[].class).getResponseHeaders().getETag();
        assertThat(seen).isNotNull();
        http.patch().uri("/tasks/{id}", id).header(HttpHeaders.AUTHORIZATION, alice).header(HttpHeaders.IF_MATCH, seen)
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("completed", true))
            .exchange().expectStatus().isOk().expectHeader().exists(HttpHeaders.ETAG);
        http.patch().uri("/tasks/{id}", id).header(HttpHeaders.AUTHORIZATION, alice).header(HttpHeaders.IF_MATCH, seen)
            .header(HttpHeaders.ORIGIN, origin).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("title", "Overwritten"))
            .exchange().expectStatus().isEqualTo(412)
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
            .expectBody().jsonPath("$.code").isEqualTo("precondition_failed");
        http.get().uri("/tasks/{id}", id).header(HttpHeaders.AUTHORIZATION, alice).exchange()
            .expectBody().jsonPath("$.title").isEqualTo("Conditional");
    }

    @Test
    void todoCoreErrorsPassThroughWithCorsHeaders() {
        http.post().uri("/tasks").header(HttpHeaders.AUTHORIZATION, alice).header(HttpHeaders.ORIGIN, "http://localhost:3000")
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "  "))
            .exchange().expectStatus().isBadRequest()
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:3000")
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
            .expectBody().jsonPath("$.code").isEqualTo("validation_failed");
        http.get().uri("/tasks?limit=0").header(HttpHeaders.AUTHORIZATION, alice).exchange().expectStatus().isBadRequest();
    }

    @Test
    void aTodoCoreThatDistrustsTheEdgeIsAnUpstreamFailureNotTheClientsMistake(CapturedOutput output) {
        // its 403 untrusted_caller would tell the client it may not do what it may: a 502, counted and alerted on
        expectProblem(http.get().uri(STRANGERS_TASK).header(HttpHeaders.AUTHORIZATION, alice).exchange(), 502,
                "upstream_unavailable");
        expectProblem(http.patch().uri(STRANGERS_TASK).header(HttpHeaders.AUTHORIZATION, alice)
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "lost?")).exchange(), 502,
                "upstream_unavailable");
        assertThat(output).contains(strangerCore.url() + " refused the edge's credential (403): INTERNAL_TOKEN differs");
    }

    @Test
    void aRequestBodyOverOneMebibyteIs413() {
        String title = "x".repeat(1024 * 1024 + 10);
        http.post().uri("/tasks").header(HttpHeaders.AUTHORIZATION, alice).contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"title\":\"" + title + "\"}").exchange().expectStatus().isEqualTo(413)
            .expectBody().jsonPath("$.code").isEqualTo("payload_too_large");
    }
}
