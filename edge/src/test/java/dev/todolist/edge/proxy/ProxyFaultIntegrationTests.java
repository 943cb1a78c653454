package dev.todolist.edge.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
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
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The proxy against a stub upstream that misbehaves: header policy, streaming both ways, slow (504), refused (502),
 * reset before and during the answer, client disconnects (the upstream call is cancelled). Every test also fails on
 * a Netty buffer leak.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProxyFaultIntegrationTests extends EdgeIntegrationTest {

    static final Duration RESPONSE_TIMEOUT = Duration.ofMillis(1500);

    static final TestDatabase db = TestDatabase.create(ProxyFaultIntegrationTests.class);

    static final StubUpstream stub = new StubUpstream(Duration.ofSeconds(5));

    static final int closedPort = TodoCoreProcess.freePort();

    static final String TOKEN = TestTokens.valid(42);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, ProxyFaultIntegrationTests.class, db, stub.url());
        registry.add("PROXY_RESPONSE_TIMEOUT", () -> RESPONSE_TIMEOUT.toMillis() + "ms");
        registry.add("edge.proxy.routes[0].prefix", () -> "/tasks");
        registry.add("edge.proxy.routes[0].url", stub::url);
        registry.add("edge.proxy.routes[1].prefix", () -> "/refused");
        registry.add("edge.proxy.routes[1].url", () -> "http://127.0.0.1:" + closedPort);
    }

    @AfterAll
    static void stopStub() {
        stub.close();
    }

    HttpClient javaHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void todoCoreReceivesOneTraceparentOfTheClientsTraceAndTheRequestId() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        http.get().uri("/tasks/echo-headers")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
            .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
            .header("X-Request-ID", "nginx-request-1")
            .exchange()
            .expectStatus().isOk();
        io.netty.handler.codec.http.HttpHeaders seen = stub.lastHeaders.get();
        assertThat(seen.getAll("traceparent")).singleElement().asString()
            .as("the edge's client span, a child of the client's")
            .startsWith("00-" + traceId + "-").doesNotContain("00f067aa0ba902b7").endsWith("-01");
        assertThat(seen.getAll("X-Request-ID")).containsExactly("nginx-request-1");
    }

    @Test
    void forwardsMethodPathQueryAndOnlyTheAllowedHeaders() {
        http.get().uri(URI.create("http://127.0.0.1:" + port + "/tasks/echo-headers?completed=true&q=a%20b&q=c"))
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
            .header(HttpHeaders.COOKIE, "refresh_token=secret")
            .header("X-User-ID", "999")
            .header("x-internal-token", "forged")
            .header("Connection", "keep-alive, X-Custom-Hop")
            .header("X-Custom-Hop", "dropped")
            .header("Keep-Alive", "timeout=5")
            .header("TE", "trailers")
            .header("Proxy-Authorization", "Basic eA==")
            .header("X-Forwarded-For", "6.6.6.6")
            .header("Forwarded", "for=6.6.6.6")
            .header("X-Kept", "yes")
            .header(HttpHeaders.ORIGIN, "http://localhost:3000")
            .exchange()
            .expectStatus().isOk()
            .expectHeader().valueEquals("X-Upstream", "yes")
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:3000")
            .expectBody().json("{\"ok\":true}");
        io.netty.handler.codec.http.HttpHeaders seen = stub.lastHeaders.get();
        assertThat(stub.lastMethod.get()).isEqualTo("GET");
        assertThat(stub.lastUri.get()).isEqualTo("/tasks/echo-headers?completed=true&q=a%20b&q=c");
        assertThat(seen.getAll("X-User-ID")).containsExactly("42");
        assertThat(seen.getAll("X-Internal-Token")).containsExactly(TestTokens.INTERNAL_TOKEN);
        assertThat(seen.getAll("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(seen.get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.get("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + port);
        assertThat(seen.get("X-Kept")).isEqualTo("yes");
        for (String dropped : new String[] { "Authorization", "Cookie", "X-Custom-Hop", "Keep-Alive", "TE",
                "Proxy-Authorization", "Forwarded" }) {
            assertThat(seen.contains(dropped)).as(dropped).isFalse();
        }
    }

    @Test
    void streamsRequestBodiesBothWays() {
        byte[] body = new byte[700 * 1024];
        Arrays.fill(body, (byte) 'a');
        byte[] echoed = http.post().uri("/tasks/echo").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
            .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(body)
            .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(echoed).isEqualTo(body);
        // chunked (no Content-Length) works the same
        Flux<DataBuffer> chunks = Flux.range(0, 10).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[10_000]));
        byte[] chunkedEcho = http.post().uri("/tasks/echo").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
            .contentType(MediaType.APPLICATION_OCTET_STREAM).body(chunks, DataBuffer.class)
            .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(chunkedEcho).hasSize(100_000);
    }

    @Test
    void aChunkedRequestBodyOverOneMebibyteIs413() {
        Flux<DataBuffer> chunks = Flux.range(0, 20).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[64 * 1024]));
        http.post().uri("/tasks").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
            .contentType(MediaType.APPLICATION_OCTET_STREAM).body(chunks, DataBuffer.class)
            .exchange().expectStatus().isEqualTo(413).expectBody().jsonPath("$.code").isEqualTo("payload_too_large");
    }

    @Test
    void aLargeResponseStreamsThrough() throws Exception {
        HttpResponse<InputStream> response = javaHttp.send(request("/tasks/large").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        long total = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0;) {
                total += n;
            }
        }
        assertThat(total).isEqualTo((long) StubUpstream.LARGE_CHUNK * StubUpstream.LARGE_CHUNKS);
    }

    @Test
    void aStreamedAnswerToAnHttp10RequestIsNotChunkedAndEndsWithTheConnection() throws Exception {
        // HTTP/1.0 has no chunked coding (RFC 9112, 6.1): Reactor Netty chunked it all the same
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /tasks/large HTTP/1.0\r\nAuthorization: Bearer " + TOKEN
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] answer = socket.getInputStream().readAllBytes();
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            int headEnd = text.indexOf("\r\n\r\n");
            String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
            assertThat(head).startsWith("http/1.1 200").doesNotContain("transfer-encoding")
                .contains("connection: close");
            assertThat(answer.length - headEnd - 4)
                .isEqualTo(StubUpstream.LARGE_CHUNK * StubUpstream.LARGE_CHUNKS);
        }
    }

    @Test
    void anUpstreamCookieNeverReachesTheClient() {
        http.get().uri("/tasks/set-cookie").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).exchange()
            .expectStatus().isOk()
            .expectHeader().valueEquals("X-Upstream", "yes")
            .expectHeader().doesNotExist(HttpHeaders.SET_COOKIE);
    }

    @Test
    void anUpstreamThatFailsAfterItsHeadersGetsA502WithOnlyTheEdgesOwnHeaders() {
        http.get().uri("/tasks/headers-then-reset").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
            .header(HttpHeaders.ORIGIN, "http://localhost:3000").exchange()
            .expectStatus().isEqualTo(502)
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:3000")
            .expectHeader().doesNotExist("X-Upstream-Leak")
            .expectHeader().doesNotExist(HttpHeaders.SET_COOKIE)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.code").isEqualTo("upstream_unavailable");
    }

    @Test
    void aSlowUpstreamIs504AfterTheResponseTimeoutLoggedInOneLine(CapturedOutput output) {
        int before = output.getOut().length();
        long start = System.nanoTime();
        http.get().uri("/tasks/slow").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).exchange()
            .expectStatus().isEqualTo(504)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.code").isEqualTo("upstream_timeout");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isBetween(RESPONSE_TIMEOUT.minusMillis(100), RESPONSE_TIMEOUT.plusSeconds(2));
        // the edge's own line, which names the cause, not Reactor Netty's warning with a stack trace beside it (one
        // per timed-out request)
        assertThat(output.getOut().substring(before))
            .contains("Refused GET /tasks/slow with 504 upstream_timeout (" + stub.url()
                    + " did not answer within PROXY_RESPONSE_TIMEOUT)")
            .doesNotContain("The connection observed an error").doesNotContain("ReadTimeoutException");
    }

    @Test
    void aRefusedUpstreamIs502WithinOneSecondToBeRepeatedLoggedWithItsCause(CapturedOutput output) {
        // /refused is a proxy route only this test configures, so the document has no such path: unchecked here
        // (the same 502 upstream_unavailable on /tasks is in the document, and CI's smoke stack never gives one)
        WebTestClient http = unchecked();
        http.get().uri("/refused/anything").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).exchange()
            .expectStatus().isEqualTo(502); // warm the path once
        long start = System.nanoTime();
        http.get().uri("/refused").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
            .header(HttpHeaders.ORIGIN, "http://localhost:3000").exchange()
            .expectStatus().isEqualTo(502)
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:3000")
            // the request never reached todo-core: safe to repeat, whatever its method
            .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
            .expectBody().jsonPath("$.code").isEqualTo("upstream_unavailable");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(output.getOut()).contains("Refused GET /refused with 502 upstream_unavailable (http://127.0.0.1:"
                + closedPort + " unreachable: ");
    }

    @Test
    void anUpstreamResetBeforeTheAnswerIs502NotToBeRepeatedBlindly() {
        // the request may have reached todo-core (and a POST been applied): no Retry-After
        http.get().uri("/tasks/reset-before-headers").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).exchange()
            .expectStatus().isEqualTo(502)
            .expectHeader().doesNotExist(HttpHeaders.RETRY_AFTER)
            .expectBody().jsonPath("$.code").isEqualTo("upstream_unavailable");
    }

    @Test
    void aGetWhoseUpstreamConnectionBrokeBeforeTheAnswerIsSentOnceMore() {
        stub.everyOther.set(0);
        http.get().uri("/tasks/reset-every-other").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).exchange()
            .expectStatus().isOk()
            .expectBody().json("{\"ok\":true}");
        assertThat(stub.everyOther.get()).isEqualTo(2);
    }

    @Test
    void aPostWhoseUpstreamConnectionBrokeBeforeTheAnswerIsNotSentAgain() {
        stub.everyOther.set(0);
        // the document has no POST on /tasks/{id}: unchecked (its 502 on POST /tasks is in the document)
        unchecked().post().uri("/tasks/reset-every-other").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
            .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"title\":\"once\"}").exchange()
            .expectStatus().isEqualTo(502)
            .expectHeader().doesNotExist(HttpHeaders.RETRY_AFTER)
            .expectBody().jsonPath("$.code").isEqualTo("upstream_unavailable");
        assertThat(stub.everyOther.get()).isEqualTo(1);
    }

    @Test
    void aGetRefusedByAnUpstreamShuttingDownIsSentOnceMore() {
        stub.drainEveryOther.set(0);
        http.get().uri("/tasks/drain-every-other").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).exchange()
            .expectStatus().isOk()
            .expectBody().json("{\"ok\":true}");
        assertThat(stub.drainEveryOther.get()).isEqualTo(2);
    }

    @Test
    void aDeleteRefusedByAnUpstreamShuttingDownIsPassedOnForTheClientToRepeat() {
        stub.drainEveryOther.set(0);
        unchecked().delete().uri("/tasks/drain-every-other").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
            .exchange()
            .expectStatus().isEqualTo(503)
            .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1");
        assertThat(stub.drainEveryOther.get()).isEqualTo(1);
    }

    @Test
    void anUpstreamResetMidAnswerAbortsTheClientConnection() throws Exception {
        assertThatThrownBy(() -> javaHttp.send(request("/tasks/reset-mid-body").build(),
                HttpResponse.BodyHandlers.ofByteArray()))
            .isInstanceOf(IOException.class);
        // the edge is fine afterwards
        http.get().uri("/tasks/echo-headers").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).exchange()
            .expectStatus().isOk();
    }

    @Test
    void aShortAnswerCutOffBeforeItsLengthIs502WithOnlyTheEdgesOwnHeaders() {
        http.get().uri("/tasks/short-then-reset").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).exchange()
            .expectStatus().isEqualTo(502)
            .expectHeader().doesNotExist("X-Upstream-Leak")
            .expectBody().jsonPath("$.code").isEqualTo("upstream_unavailable");
    }

    @Test
    void aClientDisconnectWhileWaitingCancelsTheUpstreamCall() throws Exception {
        assertUpstreamClosedAfterClientLeaves("/tasks/hang-before-headers", false);
    }

    @Test
    void aClientDisconnectMidAnswerCancelsTheUpstreamCall() throws Exception {
        assertUpstreamClosedAfterClientLeaves("/tasks/hang-after-headers", true);
    }

    @Test
    void aClientThatAbandonsItsUploadIsNotCountedAsAnUpstreamFailure(CapturedOutput output) throws Exception {
        int before = output.getOut().length();
        for (int attempt = 0; attempt < 8; attempt++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                // longer than the edge reads whole: streamed to todo-core as it comes
                OutputStream out = socket.getOutputStream();
                out.write(("POST /tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
                        + "\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[40_000]);
                out.flush();
                Thread.sleep(300);
                if (attempt % 2 == 1) {
                    socket.setSoLinger(true, 0); // a reset instead of a close
                }
            }
        }
        // past the response timeout, which would have answered a stalled exchange
        Thread.sleep(RESPONSE_TIMEOUT.toMillis() + 500);
        assertThat(output.getOut().substring(before)).doesNotContain("upstream_unavailable")
            .doesNotContain("upstream_timeout");
    }

    private void assertUpstreamClosedAfterClientLeaves(String path, boolean waitForHeaders) throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        stub.closed = closed;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (waitForHeaders) {
                socket.setSoTimeout(5000);
                byte[] head = new byte[12];
                assertThat(socket.getInputStream().readNBytes(head, 0, 12)).isEqualTo(12);
                assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            }
            else {
                Thread.sleep(300);
            }
        }
        long left = System.nanoTime();
        // well before the response timeout (1.5 s) would have closed the upstream connection anyway
        assertThat(closed.await(5, TimeUnit.SECONDS)).as("upstream connection closed").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - left)).isLessThan(Duration.ofMillis(800));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + TOKEN)
            .timeout(Duration.ofSeconds(30));
    }
}
