package dev.todolist.edge.observability;

import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.TestTokens;
import dev.todolist.edge.TodoCoreProcess;
import dev.todolist.testsupport.Eventually;
import dev.todolist.testsupport.RawHttp;
import dev.todolist.testsupport.TestClients;
import dev.todolist.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge's metrics on the management port (never on the public one), with route templates and bounded tags,
 * and its one log line per refused request (at most so many a second), which never holds a token, a password or a
 * cookie. The upstream is a port nobody listens on: a proxied request is a 502.
 */
@ExtendWith(OutputCaptureExtension.class)
@Import(MetricsIntegrationTests.FailedObservations.class)
class MetricsIntegrationTests extends EdgeIntegrationTest {

    /** The server observations marked failed, as the tracing handler sees them (it tags the span error then). */
    static final class FailedObservations implements ObservationHandler<ServerRequestObservationContext> {

        final List<String> paths = new CopyOnWriteArrayList<>();

        @Override
        public void onError(ServerRequestObservationContext context) {
            paths.add(context.getCarrier().getPath().value());
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof ServerRequestObservationContext;
        }
    }

    @Autowired
    FailedObservations failed;

    static final TestDatabase db = TestDatabase.create(MetricsIntegrationTests.class);

    static final String PASSWORD = "a-password-nobody-may-log";

    static final String COOKIE = "a-cookie-nobody-may-log";

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, MetricsIntegrationTests.class, db,
                "http://127.0.0.1:" + TodoCoreProcess.freePort());
    }

    @Test
    void prometheusAnswersOnTheManagementPortOnly() {
        http.get().uri("/health").exchange().expectStatus().isOk();
        assertThat(scrape()).contains("http_server_requests_seconds_count{").contains("uri=\"/health\"")
            .contains("jvm_memory_used_bytes").contains("application=\"edge\"");
        http.get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
        // dated like every answer of the public port, though the request guard that dates those is not on this one
        TestClients.http(managementPort).get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
            .expectHeader().value(HttpHeaders.DATE, date -> assertThat(
                Duration.between(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME), ZonedDateTime.now())
            ).isBetween(Duration.ZERO, Duration.ofSeconds(5)));
    }

    @Test
    void proxiedRequestsAreTaggedByTheirRouteNeverByTheirPath() {
        http.get().uri("/tasks/123456").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(42)).exchange()
            .expectStatus().isEqualTo(502);
        String metrics = scrape();
        assertThat(metrics).contains("uri=\"/tasks/**\"").doesNotContain("123456");
        assertThat(metrics).contains("http_client_requests_seconds_count{").contains("edge_revocation_check_seconds_count");
        assertThat(metrics).containsPattern("edge_problems_total\\{[^}]*code=\"upstream_unavailable\"[^}]*status=\"502\"");
        // the 502 is written by the proxy, not thrown through the web layer: its observation is marked failed all the
        // same (the span's error tag, as a thrown 503's), where it used to say exception="none"
        assertThat(metrics).containsPattern(
                "http_server_requests_seconds_count\\{[^}]*exception=\"ApiException\"[^}]*status=\"502\"[^}]*uri=\"/tasks/\\*\\*\"");
    }

    /**
     * A span is an error exactly when its answer is a server error: the proxy's 502, written without an exception,
     * was not one, while a wrong password's 401 and an unknown route's 404, thrown and then answered, were.
     */
    @Test
    void aServerSpanIsMarkedFailedExactlyWhenItsAnswerIsAServerError() throws InterruptedException {
        failed.paths.clear();
        http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", "nobody@example.com", "password", "wrong password")).exchange()
            .expectStatus().isUnauthorized();
        http.get().uri("/no-such-route").exchange().expectStatus().isNotFound();
        http.get().uri("/tasks").exchange().expectStatus().isUnauthorized();
        http.put().uri("/health").exchange().expectStatus().isEqualTo(405);
        http.get().uri("/tasks/7").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(42)).exchange()
            .expectStatus().isEqualTo(502);
        Eventually.await(Duration.ofSeconds(5), () -> !failed.paths.isEmpty(), "the 502's observation marked failed");
        Thread.sleep(300); // the observations of the answers before it have ended too
        assertThat(failed.paths).containsExactly("/tasks/7");
    }

    @Test
    void refusalsOfTheRequestGuardAreCountedToo() throws IOException {
        // answered before the web layer: no request metric, no refusal line of the web layer sees them
        assertThat(RawHttp.send(port, "GET /tasks/%zz HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(400);
        assertThat(RawHttp.send(port, "GET /tasks HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000)
                + "\r\n\r\n").status()).isEqualTo(431);
        assertThat(scrape()).containsPattern("edge_problems_total\\{[^}]*code=\"invalid_request\"[^}]*status=\"400\"")
            .containsPattern("edge_problems_total\\{[^}]*code=\"request_too_large\"[^}]*status=\"431\"");
    }

    @Test
    void anInventedMethodIsTaggedUnknownNotByItsName() {
        // any token is a method to HTTP: the proxy passes it on (todo-core refuses it), and a tag named after it
        // would give every invented method meters of their own, kept for ever
        unchecked().method(HttpMethod.valueOf("BREWCOFFEE")).uri("/tasks")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(42)).exchange().expectStatus().isEqualTo(502);
        String metrics = scrape();
        assertThat(metrics).doesNotContain("BREWCOFFEE")
            .containsPattern("http_client_requests_seconds_count\\{[^}]*method=\"UNKNOWN\"")
            .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"UNKNOWN\"");
    }

    @Test
    void requestsRefusedBeforeRoutingAreTaggedByTheRouteTheyAskedFor() {
        // Spring Security refuses these before any controller is chosen: Spring alone would tag them UNKNOWN
        http.get().uri("/notifications/unread-count").exchange().expectStatus().isUnauthorized();
        http.post().uri("/auth/logout").exchange().expectStatus().isUnauthorized();
        String metrics = scrape();
        assertThat(metrics)
            .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"401\"[^}]*uri=\"/notifications/unread-count\"")
            .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"401\"[^}]*uri=\"/auth/logout\"")
            .doesNotContainPattern("http_server_requests_seconds_count\\{[^}]*uri=\"UNKNOWN\"");
    }

    @Test
    void refusalsAreCountedAndLoggedOnceWithTheirCodeAndNoSecret(CapturedOutput output) {
        String token = TestTokens.tampered(42, 43);
        http.get().uri("/tasks?page=1").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
            .header(HttpHeaders.COOKIE, "refresh_token=" + COOKIE).exchange().expectStatus().isUnauthorized();
        String email = registered("refused");
        http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", email, "password", PASSWORD)).exchange().expectStatus().isUnauthorized();
        http.post().uri("/auth/refresh").cookie("refresh_token", COOKIE).exchange().expectStatus().isUnauthorized();

        assertThat(output.getOut()).contains("Refused GET /tasks with 401 invalid_token")
            .contains("Refused POST /auth/login with 401 invalid_credentials")
            .contains("Refused POST /auth/refresh with 401 invalid_token")
            .doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
            .doesNotContain(PASSWORD).doesNotContain(COOKIE).doesNotContain("page=1");
        String metrics = scrape();
        assertThat(metrics).containsPattern("edge_auth_total\\{[^}]*action=\"login\"[^}]*outcome=\"invalid_credentials\"")
            .containsPattern("edge_auth_total\\{[^}]*action=\"register\"[^}]*outcome=\"ok\"")
            .containsPattern("edge_auth_total\\{[^}]*action=\"refresh\"[^}]*outcome=\"invalid_token\"")
            .containsPattern("edge_problems_total\\{[^}]*code=\"invalid_token\"[^}]*status=\"401\"")
            .contains("edge_revocation_failed_closed_total").contains("edge_auth_refresh_reuse_total")
            .doesNotContain(email);
    }

    @Test
    void aFloodOfRefusalsIsSummedUpInsteadOfOneLineEach(CapturedOutput output) throws InterruptedException {
        int before = output.getOut().length();
        int flood = 200;
        long start = System.nanoTime();
        for (int i = 0; i < flood; i++) {
            http.get().uri("/tasks").header(HttpHeaders.AUTHORIZATION, "Bearer garbage").exchange()
                .expectStatus().isUnauthorized();
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        long lines = output.getOut().substring(before).lines()
            .filter(line -> line.contains("Refused GET /tasks with 401 invalid_token")).count();
        assertThat(lines).isPositive().isLessThan(flood)
            .isLessThanOrEqualTo((seconds + 2) * RefusalLog.LINES_PER_SECOND);
        // summed up by kind a second later, without waiting for another refusal; another kind still has its lines
        http.get().uri("/tasks").exchange().expectStatus().isUnauthorized();
        Thread.sleep(2100);
        String out = output.getOut().substring(before);
        assertThat(out).containsPattern("Left out \\d+ refusal lines, over " + RefusalLog.LINES_PER_SECOND
                + " a second of a kind: \\d+ x 401 invalid_token \\(edge_problems_total counts them all\\)")
            .contains("Refused GET /tasks with 401 missing_token");
    }

    private String scrape() {
        return TestClients.http(managementPort).get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
            .expectBody(String.class).returnResult().getResponseBody();
    }
}
