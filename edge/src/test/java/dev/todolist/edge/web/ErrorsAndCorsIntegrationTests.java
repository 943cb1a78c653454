package dev.todolist.edge.web;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.TestTokens;
import dev.todolist.edge.TodoCoreProcess;
import dev.todolist.testsupport.TestDatabase;

import static dev.todolist.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** CORS as the contract says (preflights, headers on errors too), health routes, and client errors as problem JSON. */
class ErrorsAndCorsIntegrationTests extends EdgeIntegrationTest {

    static final String ORIGIN = "http://localhost:3000";

    static final TestDatabase db = TestDatabase.create(ErrorsAndCorsIntegrationTests.class);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, ErrorsAndCorsIntegrationTests.class, db,
                "http://127.0.0.1:" + TodoCoreProcess.freePort());
        registry.add("CORS_ALLOWED_ORIGINS", () -> ORIGIN + ", http://127.0.0.1:3000");
    }

    @Test
    void preflightsAreAnsweredByTheEdge() {
        http.options().uri("/tasks/12").header(HttpHeaders.ORIGIN, ORIGIN)
            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PATCH")
            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type, authorization")
            .exchange()
            .expectStatus().isOk()
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN)
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET,POST,PUT,PATCH,DELETE,OPTIONS")
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "content-type, authorization");
        http.options().uri("/auth/login").header(HttpHeaders.ORIGIN, "http://127.0.0.1:3000")
            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST").exchange()
            .expectStatus().isOk()
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://127.0.0.1:3000");
    }

    @Test
    void anOptionsThatIsNoPreflightNamesTheMethodsAndNoPatchFormat() {
        // WebFlux's own OPTIONS answer added "Accept-Patch: " (empty) on every route without a PATCH
        for (String path : new String[] { "/auth/login", "/auth/logout", "/health" }) {
            http.options().uri(path).exchange()
                .expectStatus().isOk()
                .expectHeader().value(HttpHeaders.ALLOW, allow -> assertThat(allow).contains("OPTIONS"))
                .expectHeader().doesNotExist(HttpHeaders.ACCEPT_PATCH);
        }
    }

    @Test
    void aCrossOriginClientMayResumeAnEventStreamWithLastEventId() {
        // the contract's way to resume a stream is the Last-Event-ID header: a browser client on an allowed origin
        // that sets it with fetch needs the preflight to allow it
        http.options().uri("/events").header(HttpHeaders.ORIGIN, ORIGIN)
            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, last-event-id")
            .exchange()
            .expectStatus().isOk()
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN)
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "authorization, last-event-id");
    }

    @Test
    void aHeadFromAnAllowedOriginIsAnsweredLikeItsGet() {
        // HEAD is not in the contract's list of methods, and Spring's CORS processor used to refuse it with a 403
        http.head().uri("/health").header(HttpHeaders.ORIGIN, ORIGIN).exchange()
            .expectStatus().isOk()
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN)
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        http.head().uri("/tasks").header(HttpHeaders.ORIGIN, ORIGIN).exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN);
        // with Authorization, a browser asks first
        http.options().uri("/tasks").header(HttpHeaders.ORIGIN, ORIGIN)
            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "HEAD")
            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
            .exchange()
            .expectStatus().isOk()
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN);
        http.head().uri("/health").header(HttpHeaders.ORIGIN, "http://evil.example").exchange()
            .expectStatus().isForbidden()
            .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    @Test
    void anotherOriginIsRefusedWithProblemJsonAndNoCorsHeaders() {
        expectProblem(http.options().uri("/tasks").header(HttpHeaders.ORIGIN, "http://evil.example")
            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET").exchange(), 403, "forbidden")
            .jsonPath("$.instance").isEqualTo("/tasks");
        for (WebTestClient.ResponseSpec refused : List.of(
                http.get().uri("/health").header(HttpHeaders.ORIGIN, "http://evil.example").exchange(),
                http.post().uri("/auth/refresh").header(HttpHeaders.ORIGIN, "http://evil.example").exchange())) {
            refused.expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff");
            expectProblem(refused, 403, "forbidden");
        }
    }

    @Test
    void anAllowedOriginsPreflightForAMethodOrHeaderNotAllowedIsRefusedWithTheCorsHeaders() {
        // one header allowed and one not is refused too: Spring alone answered 200 naming the allowed one only
        for (String[] asked : new String[][] { { "TRACE", "authorization" }, { "GET", "x-made-up" },
                { "DELETE", "authorization,x-user-id" } }) {
            expectProblem(http.options().uri("/tasks/1").header(HttpHeaders.ORIGIN, ORIGIN)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, asked[0])
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, asked[1]).exchange()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN)
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS)
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff"), 403, "forbidden")
                .jsonPath("$.detail").isEqualTo("This cross-origin request's method or headers are not allowed.");
        }
    }

    @Test
    void errorsCarryTheCorsHeaders() {
        http.get().uri("/tasks").header(HttpHeaders.ORIGIN, ORIGIN).exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN)
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
            .expectBody().jsonPath("$.code").isEqualTo("missing_token");
        http.get().uri("/nowhere").header(HttpHeaders.ORIGIN, ORIGIN).exchange()
            .expectStatus().isNotFound()
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN);
        http.post().uri("/auth/login").header(HttpHeaders.ORIGIN, ORIGIN).contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{oops").exchange()
            .expectStatus().isBadRequest()
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN);
    }

    @Test
    void healthAnswers200Json() {
        http.get().uri("/health").exchange().expectStatus().isOk()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
            .expectBody().json("{\"status\":\"ok\"}");
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.status").isEqualTo("UP");
        http.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
        // probes that use HEAD (the functional routes answered it 404), and an unknown group as problem JSON (it was
        // an empty 404)
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            MediaType asGet = http.get().uri(path).exchange().expectStatus().isOk().expectBody().returnResult()
                .getResponseHeaders().getContentType();
            assertThat(asGet).isNotNull();
            http.head().uri(path).exchange().expectStatus().isOk().expectHeader().contentType(asGet);
        }
        expect(http.get().uri("/actuator/health/nope").exchange(), 404, "not_found");
        // another method is 405 naming the two it offers (it was 404 "No such route."), OPTIONS says them
        for (String path : List.of("/actuator/health", "/actuator/health/readiness")) {
            expect(http.post().uri(path).exchange(), 405, "method_not_allowed");
            http.delete().uri(path).exchange().expectStatus().isEqualTo(405).expectHeader()
                .value(HttpHeaders.ALLOW, allow -> assertThat(allow.split(",")).containsExactlyInAnyOrder("GET", "HEAD"));
            http.options().uri(path).exchange().expectStatus().isOk().expectHeader()
                .value(HttpHeaders.ALLOW, allow -> assertThat(allow.split(",")).contains("GET", "HEAD", "OPTIONS"));
        }
    }

    @Test
    void clientMistakesAreProblemJsonNever500() {
        expect(http.get().uri("/nowhere").exchange(), 404, "not_found");
        // an unknown path under the feed's routes was 401 without a token (every path under /notifications needed one)
        for (String path : List.of("/notifications/foo", "/notifications/", "/notifications/read/x")) {
            expect(http.get().uri(path).exchange(), 404, "not_found");
        }
        expect(http.get().uri("/auth/register").exchange(), 405, "method_not_allowed");
        expect(http.method(HttpMethod.DELETE).uri("/health").exchange(), 405, "method_not_allowed");
        expect(http.post().uri("/auth/register").contentType(MediaType.TEXT_PLAIN).bodyValue("x").exchange(), 415,
                "unsupported_media_type");
        // a form, as curl -d sends it (it was 415 "bad_request", "The request is not acceptable.")
        for (String path : List.of("/auth/register", "/auth/login", "/notifications/read")) {
            expectProblem(http.post().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(7))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("email=a@b.co&password=xxxxxxxxxx")
                .exchange(), 415, "unsupported_media_type")
                .jsonPath("$.detail").isEqualTo("The request body must be application/json.");
        }
        expect(http.post().uri("/auth/register").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"email\":1,")
            .exchange(), 400, "malformed_json");
        expect(http.post().uri("/auth/register").contentType(MediaType.APPLICATION_JSON).bodyValue("\"just a string\"")
            .exchange(), 400, "malformed_json");
        expect(http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON).bodyValue("null").exchange(), 400,
                "malformed_json");
        expect(http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange(), 400,
                "malformed_json");
        expect(http.post().uri("/auth/register").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange(), 400,
                "validation_failed");
        expect(http.get().uri(java.net.URI.create("http://127.0.0.1:" + port + "/tasks/..%2F..%2Factuator/env")).exchange(),
                400, "invalid_request");
        String big = "{\"email\":\"" + "a".repeat(1024 * 1024 + 1) + "\",\"password\":\"x\"}";
        WebTestClient.ResponseSpec tooLarge = http.post().uri("/auth/register").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(big).exchange();
        expect(tooLarge, 413, "payload_too_large");
        // RFC 9110's name, as docs/api.md says
        tooLarge.expectBody().jsonPath("$.title").isEqualTo("Content Too Large");
    }

    @Test
    void eachRouteAnswersInItsOneMediaTypeAndA406NamesIt() {
        String token = (String) signIn(registered("accept")).getResponseBody().get("access_token");
        String json = "This resource is only available as application/json.";
        // text/event-stream is no JSON route's: Spring would otherwise wrap the JSON answer in an event stream
        for (WebTestClient.RequestHeadersSpec<?> request : List.of(http.get().uri("/health"),
                http.get().uri("/notifications").headers(h -> h.setBearerAuth(token)),
                http.get().uri("/notifications/unread-count").headers(h -> h.setBearerAuth(token)),
                http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"email\":\"a@example.com\",\"password\":\"correct horse\"}"))) {
            expectProblem(request.accept(MediaType.TEXT_EVENT_STREAM).exchange(), 406, "not_acceptable")
                .jsonPath("$.detail").isEqualTo(json);
        }
        expectProblem(http.get().uri("/events").headers(h -> h.setBearerAuth(token)).accept(MediaType.APPLICATION_JSON)
            .exchange(), 406, "not_acceptable")
            .jsonPath("$.detail").isEqualTo("This resource is only available as text/event-stream.");
    }

    /** Spring took the accepted type's parameters for the answer's: a charset made every route a 500. */
    @Test
    void anAcceptedTypesParametersAreNotTheAnswers() {
        for (String accept : List.of("application/json;charset=iso-8859-1", "application/json;version=2",
                "application/json;charset=bogus")) {
            http.post().uri("/auth/register").header(HttpHeaders.ACCEPT, accept).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "charset-" + System.nanoTime() + "@example.com", "password",
                        "correct horse"))
                .exchange().expectStatus().isCreated().expectHeader().contentType(MediaType.APPLICATION_JSON);
            http.get().uri("/health").header(HttpHeaders.ACCEPT, accept).exchange()
                .expectStatus().isOk().expectHeader().contentType(MediaType.APPLICATION_JSON);
        }
    }

    @Test
    void anAcceptOfTooManyMediaTypesIs406NotAFailure() {
        // Spring caps an Accept at 50 media types; past that its routing failed with a 500 on every route
        String many = String.join(",", Collections.nCopies(51, "application/json"));
        expectProblem(http.get().uri("/health").header(HttpHeaders.ACCEPT, many).exchange(), 406, "not_acceptable");
        expectProblem(http.post().uri("/auth/login").header(HttpHeaders.ACCEPT, many)
            .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"email\":\"a@example.com\",\"password\":\"x\"}")
            .exchange(), 406, "not_acceptable");
    }

    private static void expect(WebTestClient.ResponseSpec response, int status, String code) {
        response.expectStatus().isEqualTo(status)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.status").isEqualTo(status)
            .jsonPath("$.code").isEqualTo(code)
            .jsonPath("$.error").isNotEmpty()
            .jsonPath("$.type").isEqualTo("about:blank");
    }
}
