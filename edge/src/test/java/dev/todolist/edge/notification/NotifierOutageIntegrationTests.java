package dev.todolist.edge.notification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
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

/**
 * A notifier that accepts connections and never answers (the hardest kind of "down": no refusal to act on): every
 * feed route is a 503 with {@code Retry-After} after the deadline, at once (with the breaker's open time as
 * {@code Retry-After}) once the circuit breaker is open, while {@code /tasks} (the real todo-core) keeps working.
 * The latencies themselves are figures for a script on a quiet machine; here only their bounds. The log says why
 * each 503 was answered, and why the breaker opened.
 */
@ExtendWith(OutputCaptureExtension.class)
class NotifierOutageIntegrationTests extends EdgeIntegrationTest {

    static final Duration DEADLINE = Duration.ofMillis(800);

    static final int MIN_CALLS = 3;

    static final TestDatabase db = TestDatabase.create(NotifierOutageIntegrationTests.class);

    static final TodoCoreProcess core = TodoCoreProcess.start(db, TestTokens.INTERNAL_TOKEN,
            NotifierOutageIntegrationTests.class);

    static final SilentServer silent = new SilentServer();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, NotifierOutageIntegrationTests.class, db, core.url());
        registry.add("NOTIFIER_ADDR", silent::address);
        registry.add("NOTIFIER_DEADLINE", () -> DEADLINE.toMillis() + "ms");
        registry.add("NOTIFIER_BREAKER_MIN_CALLS", () -> Integer.toString(MIN_CALLS));
        registry.add("NOTIFIER_BREAKER_WINDOW", () -> Integer.toString(MIN_CALLS));
        registry.add("NOTIFIER_BREAKER_OPEN_FOR", () -> "60s");
    }

    @AfterAll
    static void stop() {
        silent.close();
        core.close();
    }

    @Test
    void feedRoutesAre503WithTheDeadlineThenAtOnceOnceTheBreakerIsOpen(CapturedOutput output) {
        String bearer = "Bearer " + TestTokens.valid(4242);
        // the edge's own first-request costs (security, token decoding, JIT) are not the notifier's (todo-core
        // answers 401 unknown_user for this made-up user: any answer will do)
        http.get().uri("/tasks").header(HttpHeaders.AUTHORIZATION, bearer).exchange().expectBody().returnResult();

        // breaker closed: each call waits for the deadline (a silent notifier would otherwise hold the request
        // until the client gives up) and says to retry in a second
        for (int call = 0; call < MIN_CALLS; call++) {
            long took = timed(() -> expect503(http.get().uri("/notifications")
                .header(HttpHeaders.AUTHORIZATION, bearer).exchange(), "1"));
            assertThat(took).as("bounded by the deadline, not by the client's patience").isLessThan(5_000);
        }

        // breaker open: no call reaches the notifier; Retry-After is the time the breaker stays open
        for (String path : List.of("/notifications", "/notifications/unread-count")) {
            long took = timed(() -> expect503(http.get().uri(path).header(HttpHeaders.AUTHORIZATION, bearer)
                .exchange(), "60"));
            assertThat(took).as("an open breaker answers without waiting for the deadline")
                .isLessThan(DEADLINE.toMillis());
        }
        expect503(http.post().uri("/notifications/read").header(HttpHeaders.AUTHORIZATION, bearer)
            .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"up_to\":\"0000000000000000001\"}").exchange(), "60");

        // each refusal's line names its cause; the breaker's opening is one warning with the notifier's address
        assertThat(output.getOut())
            .contains("Refused GET /notifications with 503 service_unavailable (the notifier call failed: "
                    + "DEADLINE_EXCEEDED")
            .contains("Refused GET /notifications/unread-count with 503 service_unavailable (the notifier's circuit "
                    + "breaker is open; its last failure: DEADLINE_EXCEEDED")
            .contains("Circuit breaker notifier opened: 100 % of the last " + MIN_CALLS + " calls to the notifier at "
                    + silent.address() + " failed, the last with DEADLINE_EXCEEDED");

        // a bad request is still the client's mistake
        expectProblem(http.get().uri("/notifications?limit=0").header(HttpHeaders.AUTHORIZATION, bearer).exchange(),
                400, "validation_failed");
    }

    /** Whatever the notifier does (here: never answers), the task routes answer as usual. */
    @Test
    void tasksDoNotDependOnTheNotifier() {
        Map<String, String> credentials = Map.of("email", "tasks-" + System.nanoTime() + "@example.com",
                "password", "correct horse");
        http.post().uri("/auth/register").contentType(MediaType.APPLICATION_JSON).bodyValue(credentials)
            .exchange().expectStatus().isCreated();
        String token = (String) http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(credentials).exchange().expectStatus().isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
            }).returnResult().getResponseBody().get("access_token");
        String bearer = "Bearer " + token;

        http.post().uri("/tasks").header(HttpHeaders.AUTHORIZATION, bearer)
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "works without the notifier"))
            .exchange().expectStatus().isCreated();
        http.get().uri("/tasks").header(HttpHeaders.AUTHORIZATION, bearer).exchange().expectStatus().isOk()
            .expectBody().jsonPath("$[0].title").isEqualTo("works without the notifier");
    }

    private static void expect503(WebTestClient.ResponseSpec response, String retryAfter) {
        response.expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, retryAfter);
        expectProblem(response, 503, "service_unavailable")
            .jsonPath("$.detail").isEqualTo("Notifications are unavailable right now; try again shortly.");
    }

    private static long timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Accepts TCP connections and holds them open without a byte: gRPC's handshake never completes. */
    static final class SilentServer implements AutoCloseable {

        private final ServerSocket socket;

        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        SilentServer() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        accepted.add(socket.accept());
                    }
                    catch (IOException ex) {
                        return;
                    }
                }
            });
        }

        String address() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() {
            try {
                socket.close();
                for (Socket connection : accepted) {
                    connection.close();
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
