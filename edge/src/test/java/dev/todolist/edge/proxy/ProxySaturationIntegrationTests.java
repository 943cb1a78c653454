package dev.todolist.edge.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.TestTokens;
import dev.todolist.testsupport.TestDatabase;

import static dev.todolist.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that declare a body and never send it: a short one (any task's JSON) holds no upstream connection at all,
 * since the edge reads such a body whole before it calls the upstream; a long one holds its connection only until the
 * body idle timeout (then 408), so a handful of them cannot keep the pool from everyone else for long; one user cannot hold
 * more than their cap of requests in flight; and a request that finds no pooled connection in time is the edge's
 * own saturation, 503 with {@code Retry-After}, not a 502 or 504.
 */
class ProxySaturationIntegrationTests extends EdgeIntegrationTest {

    static final Duration BODY_IDLE = Duration.ofMillis(1500);

    static final TestDatabase db = TestDatabase.create(ProxySaturationIntegrationTests.class);

    static final StubUpstream stub = new StubUpstream(Duration.ofSeconds(5));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, ProxySaturationIntegrationTests.class, db, stub.url());
        registry.add("PROXY_MAX_CONNECTIONS", () -> "3");
        registry.add("PROXY_POOL_ACQUIRE_TIMEOUT", () -> "300ms");
        registry.add("PROXY_MAX_IN_FLIGHT_PER_USER", () -> "2");
        registry.add("REQUEST_BODY_IDLE_TIMEOUT", () -> BODY_IDLE.toMillis() + "ms");
    }

    @AfterAll
    static void stopStub() {
        stub.close();
    }

    @Test
    void stalledBodiesHoldThePoolOnlyUntilTheBodyIdleTimeout() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int user = 1; user <= 3; user++) {
                stalled.add(stalledRequest(TestTokens.valid(100 + user)));
            }
            awaitUpstreamInFlight(3);
            // the pool is full: another user's request is refused at once as saturation
            expectProblem(http.get().uri("/tasks/echo-headers").header(HttpHeaders.AUTHORIZATION,
                    "Bearer " + TestTokens.valid(200)).exchange(), 503, "service_unavailable")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("saturated"));
            // each stalled client gets its 408 after the idle timeout, and its upstream connection comes back
            for (Socket socket : stalled) {
                assertThat(statusLine(socket)).startsWith("HTTP/1.1 408");
            }
            awaitUpstreamInFlight(0);
            http.get().uri("/tasks/echo-headers").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(200))
                .exchange().expectStatus().isOk();
        }
        finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void shortBodiesSentSlowlyHoldNoUpstreamConnection() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int user = 1; user <= 3; user++) {
                stalled.add(stalledRequest(TestTokens.valid(400 + user), 100));
            }
            // as many slow clients as the pool has connections: streamed, their bodies used to take all three
            Thread.sleep(BODY_IDLE.toMillis() / 2);
            assertThat(stub.inFlight.get()).as("requests in flight at the upstream").isZero();
            http.get().uri("/tasks/echo-headers").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(200))
                .exchange().expectStatus().isOk();
            for (Socket socket : stalled) {
                assertThat(statusLine(socket)).startsWith("HTTP/1.1 408");
            }
        }
        finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
        // a short body that arrives in pieces, each pause within the idle timeout, is forwarded whole
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) BODY_IDLE.multipliedBy(4).toMillis());
            String body = "{\"title\":\"sent in three pieces\"}";
            OutputStream out = socket.getOutputStream();
            out.write(("POST /tasks/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestTokens.valid(410)
                    + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + body.length()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String piece : List.of(body.substring(0, 5), body.substring(5, 20), body.substring(20))) {
                out.write(piece.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(BODY_IDLE.toMillis() / 3);
            }
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200").contains(body);
        }
    }

    @Test
    void oneUserCannotHoldMoreThanTheirCapOfRequestsInFlight() throws Exception {
        String token = TestTokens.valid(300);
        List<Socket> stalled = new ArrayList<>();
        try {
            stalled.add(stalledRequest(token));
            stalled.add(stalledRequest(token));
            awaitUpstreamInFlight(2);
            expectProblem(http.get().uri("/tasks/echo-headers").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange(), 429, "rate_limited")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("in flight"));
            http.get().uri("/tasks/echo-headers").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1");
            // another user is not affected
            http.get().uri("/tasks/echo-headers").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(301))
                .exchange().expectStatus().isOk();
        }
        finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
        awaitUpstreamInFlight(0);
        http.get().uri("/tasks/echo-headers").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
            .expectStatus().isOk();
    }

    /**
     * A POST that promises more than a short body and sends 9 bytes: the edge streams it to the upstream and waits
     * for the rest.
     */
    private Socket stalledRequest(String token) throws IOException {
        return stalledRequest(token, ProxyHandler.WHOLE_BODY_MAX + 1);
    }

    private Socket stalledRequest(String token, long promised) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) BODY_IDLE.multipliedBy(4).toMillis());
        OutputStream out = socket.getOutputStream();
        out.write(("POST /tasks/count-then-hang HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + promised + "\r\n\r\n{\"title\":")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static String statusLine(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\r';) {
            line.append((char) c);
        }
        return line.toString();
    }

    private static void awaitUpstreamInFlight(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (stub.inFlight.get() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(stub.inFlight.get()).as("requests in flight at the upstream").isEqualTo(expected);
    }
}
