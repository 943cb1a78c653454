package dev.todolist.edge.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
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

/**
 * Requests that Reactor Netty or {@code java.net.URI} used to refuse with a bare answer, or that different layers
 * read differently: over a raw socket, each is problem JSON with the CORS headers, or served as the one path it
 * stands for.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestGuardIntegrationTests extends EdgeIntegrationTest {

    static final String ORIGIN = "http://localhost:3000";

    static final TestDatabase db = TestDatabase.create(RequestGuardIntegrationTests.class);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, RequestGuardIntegrationTests.class, db,
                "http://127.0.0.1:" + TodoCoreProcess.freePort());
        registry.add("REQUEST_BODY_IDLE_TIMEOUT", () -> "1s");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/tasks/%zz", "/tasks?completed=%zz", "/tasks/1%2F2", "/tasks/./1", "/tasks/%2e%2e/x",
            "/tasks//1", "/tasks;jsessionid=1", "/tasks/{1}", "/tasks/a\"b", "/auth/%2e%2e/tasks" })
    void malformedOrAmbiguousTargetsAre400ProblemJson(String target) throws IOException {
        RawHttp.Response response = send("GET " + target + " HTTP/1.1\r\nHost: x\r\nOrigin: " + ORIGIN + "\r\n\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("content-type")).isEqualTo("application/problem+json");
        assertThat(response.header("access-control-allow-origin")).isEqualTo(ORIGIN);
        assertThat(response.header("access-control-expose-headers")).isEqualTo("Location, Retry-After, WWW-Authenticate, ETag");
        // the security headers of every other answer
        assertThat(response.header("cache-control")).isEqualTo("no-cache, no-store, max-age=0, must-revalidate");
        assertThat(response.header("x-content-type-options")).isEqualTo("nosniff");
        assertThat(response.header("referrer-policy")).isEqualTo("no-referrer");
        assertThat(response.body()).contains("\"code\":\"invalid_request\"").contains("\"status\":400")
            .contains("\"type\":\"about:blank\"");
    }

    @Test
    void anEncodedSpellingOfARouteIsThatRoute() {
        // /auth/%6cogout is /auth/logout: a token is required (it used to be a 500)
        expectProblem(http.post().uri(raw("/auth/%6cogout")).exchange(), 401, "missing_token");
        expectProblem(http.get().uri(raw("/%74asks")).exchange(), 401, "missing_token");
        http.get().uri(raw("/heal%74h")).exchange().expectStatus().isOk();
        // the problem's instance is the path escaped once (it used to say /tasks/1%2520)
        expectProblem(http.get().uri(raw("/tasks/1%20")).exchange(), 401, "missing_token")
            .jsonPath("$.instance").isEqualTo("/tasks/1%20");
        expectProblem(http.get().uri(raw("/auth/caf%C3%A9")).exchange(), 404, "not_found")
            .jsonPath("$.instance").isEqualTo("/auth/caf%C3%A9");
    }

    @Test
    void aWrongMethodOnAnAuthRouteIs405WithAllowBeforeAnyAuthentication() {
        expectProblem(http.get().uri("/auth/logout").exchange(), 405, "method_not_allowed");
        http.get().uri("/auth/logout").exchange().expectHeader().valueEquals(HttpHeaders.ALLOW, "POST");
        http.delete().uri("/auth/login").exchange().expectHeader().valueEquals(HttpHeaders.ALLOW, "POST");
    }

    @Test
    void anyOtherMethodIs405OnARouteAnd404Elsewhere() {
        // Spring Security's firewall used to refuse methods off its list (TRACE, CONNECT, ...) with a 400
        for (String path : List.of("/auth/login", "/health")) {
            expectProblem(http.method(HttpMethod.TRACE).uri(path).exchange(), 405, "method_not_allowed");
        }
        http.method(HttpMethod.TRACE).uri("/health").exchange().expectHeader()
            .value(HttpHeaders.ALLOW, allow -> assertThat(allow).contains("GET").doesNotContain("TRACE"));
        expectProblem(http.method(HttpMethod.TRACE).uri("/nope").exchange(), 404, "not_found");
    }

    @Test
    void anOverlongUrlIs414AndOverlargeHeadersAre431() throws IOException {
        RawHttp.Response longUrl = send("GET /tasks?" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(longUrl.status()).isEqualTo(414);
        assertThat(longUrl.body()).contains("\"code\":\"request_too_large\"");
        RawHttp.Response bigHeader = send("GET /tasks HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");
        assertThat(bigHeader.status()).isEqualTo(431);
        assertThat(bigHeader.header("content-type")).isEqualTo("application/problem+json");
    }

    @Test
    void aHeaderValueWithAControlCharacterIs400() throws IOException {
        RawHttp.Response response = send("GET /health HTTP/1.1\r\nHost: x\r\nX-Evil: a\u0001b\r\n\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"invalid_request\"");
    }

    @Test
    void anHttp11RequestNeedsExactlyOneHostAndChunkedIsTheOnlyTransferCoding() throws IOException {
        for (String request : List.of("GET /health HTTP/1.1\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
                "POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")) {
            RawHttp.Response response = send(request);
            assertThat(response.status()).as(request).isEqualTo(400);
            assertThat(response.body()).contains("\"code\":\"invalid_request\"");
        }
        // HTTP/1.0 has no Host requirement
        assertThat(send("GET /health HTTP/1.0\r\n\r\n").status()).isEqualTo(200);
    }

    /** RFC 9110, 6.6.1: an origin server with a clock sends Date in its answers; Reactor Netty sends none. */
    @Test
    void everyAnswerCarriesItsDate() throws IOException {
        for (String request : List.of("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /no-such-route HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /health HTTP/1.1\r\n\r\n",
                "GET /health HTTP/2.0\r\nHost: x\r\n\r\n")) {
            RawHttp.Response response = send(request);
            assertThat(response.header("date")).as(request)
                .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        }
    }

    @Test
    void aLaterHttp1VersionIsServedAsHttp11AndAnyOtherVersionIs505() throws IOException {
        // RFC 9110, 6.2: read, and answered, as the highest minor version implemented, with its Host rule
        assertThat(statusLine("GET /health HTTP/1.9\r\nHost: x\r\nConnection: close\r\n\r\n"))
            .isEqualTo("HTTP/1.1 200 OK");
        assertThat(statusLine("GET /health HTTP/1.2\r\nHost: x\r\nHost: y\r\n\r\n"))
            .isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(statusLine("GET /health HTTP/1.9\r\n\r\n")).isEqualTo("HTTP/1.1 400 Bad Request");
        RawHttp.Response other = send("GET /health HTTP/2.0\r\nHost: x\r\n\r\n");
        assertThat(other.status()).isEqualTo(505);
        assertThat(other.header("content-type")).isEqualTo("application/problem+json");
        assertThat(other.body()).contains("\"code\":\"http_version_not_supported\"");
        // HTTP/2's connection preface (an h2c client with prior knowledge) was 400 "The request target must be a path."
        RawHttp.Response preface = RawHttp.send(port, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        assertThat(preface.status()).isEqualTo(505);
        assertThat(preface.body()).contains("\"code\":\"http_version_not_supported\"");
    }

    @Test
    void aBodyOverTheLimitThatWaitsFor100ContinueIs413AtOnceOnEveryRoute() throws IOException {
        // before, the edge's own routes answered 100 Continue, inviting a body nobody would read, and 408 once the
        // client, waiting for its answer, sent none; only the proxy looked at the declared length
        for (String route : List.of("/auth/login", "/auth/register", "/notifications/read")) {
            long start = System.nanoTime();
            RawHttp.Response response = send("POST " + route + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2000000\r\nExpect: 100-continue\r\n\r\n");
            assertThat(response.status()).as(route).isEqualTo(413);
            assertThat(response.body()).contains("\"code\":\"payload_too_large\"")
                .contains("The request body is larger than 1 MiB.");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
        }
    }

    @Test
    void aRawNonAsciiPathIs400WithItsBytesEscapedInTheInstance() throws IOException {
        // "täsks" sent as raw UTF-8 (RawHttp writes one byte per character)
        RawHttp.Response response = send("GET /t\u00c3\u00a4sks HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"invalid_request\"").contains("\"instance\":\"/t%C3%A4sks\"");
    }

    @ParameterizedTest
    @ValueSource(strings = { "x:abc", "x:", "x:99999", "x:-1", "x:1:2", "[::1", "[zz]", "a b", "a/b", "a@b", "a?b",
            "a\\b", "a%zzb", "x\r\n y" })
    void aHostThatIsNotAHostAndPortIs400ProblemJson(String host) throws IOException {
        RawHttp.Response response = send("GET /health HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + ORIGIN
                + "\r\nConnection: close\r\n\r\n");
        assertThat(response.status()).as(host).isEqualTo(400);
        assertThat(response.header("content-type")).isEqualTo("application/problem+json");
        assertThat(response.header("access-control-allow-origin")).isEqualTo(ORIGIN);
        assertThat(response.body()).contains("\"code\":\"invalid_request\"")
            .contains("The Host header must be a host name or address, with a port from 0 to 65535 if any.");
    }

    @ParameterizedTest
    @ValueSource(strings = { "x", "localhost:8080", "127.0.0.1:1", "[::1]:8080", "[::1]", "[fe80::1%25eth0]",
            "todo_core.internal", "xn--bcher-kva.example", "EXAMPLE.COM:443", "a!b", "a%41b", "x:0", "x:65535" })
    void anyHostAndPortIsServed(String host) throws IOException {
        RawHttp.Response response = send("GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
        assertThat(response.status()).as(host).isEqualTo(200);
    }

    @Test
    void anEmptyHostIsServed() throws IOException {
        // what a client sends for a target without an authority (RFC 9110, 7.2)
        assertThat(send("GET /health HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n").status()).isEqualTo(200);
        assertThat(send("GET /health HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n").status()).isEqualTo(200);
    }

    @Test
    void aRequestThatIsNotHttpIs400ProblemJson() throws IOException {
        RawHttp.Response response = send("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("content-type")).isEqualTo("application/problem+json");
    }

    @Test
    void aBodyThatIsNotValidHttpIs400ProblemJsonAndNoServerError(CapturedOutput output) throws Exception {
        // "zz" is no chunk size: Reactor Netty used to answer a bare 400 while the request's handler, already
        // running, failed to write its own answer over it and logged a 500 at ERROR
        String chunked = "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nOrigin: " + ORIGIN
                + "\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";
        int before = output.getOut().length();
        for (String head : List.of("POST /auth/login HTTP/1.1\r\nHost: x\r\n",
                "POST /tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestTokens.valid(7) + "\r\n")) {
            RawHttp.Response response = send(head + chunked);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("content-type")).isEqualTo("application/problem+json");
            assertThat(response.header("access-control-allow-origin")).isEqualTo(ORIGIN);
            assertThat(response.body()).contains("\"code\":\"invalid_request\"")
                .contains("The request body is not valid HTTP.");
        }
        Thread.sleep(500); // the handlers of both requests end as their connections close
        assertThat(output.getOut().substring(before)).doesNotContain(" ERROR ").doesNotContain("500 Server Error");
    }

    @Test
    void aStalledBodyIs408AfterTheIdleTimeout() throws IOException {
        long start = System.nanoTime();
        RawHttp.Response response = send("POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 200\r\nOrigin: " + ORIGIN + "\r\n\r\n{\"email\":");
        assertThat(response.status()).isEqualTo(408);
        assertThat(response.body()).contains("\"code\":\"request_timeout\"");
        assertThat(response.header("access-control-allow-origin")).isEqualTo(ORIGIN);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    }

    @Test
    void aBodyWithAContentCodingIs415AndIdentityIsFine() throws IOException {
        String body = "{\"email\":\"coded-" + System.nanoTime() + "@example.com\",\"password\":\"correct horse\"}";
        String head = "POST /auth/register HTTP/1.1\r\nHost: x\r\nOrigin: " + ORIGIN
                + "\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n";
        // a body said to be gzip that nobody would decode: refused, not read as it came
        RawHttp.Response gzip = send(head + "Content-Encoding: gzip\r\n\r\n" + body);
        assertThat(gzip.status()).isEqualTo(415);
        assertThat(gzip.body()).contains("\"code\":\"unsupported_media_type\"").contains("Content-Encoding identity");
        assertThat(gzip.header("accept-encoding")).isEqualTo("identity");
        assertThat(gzip.header("access-control-allow-origin")).isEqualTo(ORIGIN);
        assertThat(send(head + "Content-Encoding: identity\r\n\r\n" + body).status()).isEqualTo(201);
    }

    @Test
    void invalidUtf8InAJsonBodyIs400MalformedJson() {
        byte[][] bodies = { utf8Body(new byte[] { (byte) 0xC0, (byte) 0xAF }), // overlong '/'
                utf8Body(new byte[] { (byte) 0xE0, (byte) 0x80, (byte) 0xAF }), // overlong, three bytes
                utf8Body(new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }), // an encoded surrogate
                utf8Body(new byte[] { (byte) 0xE2, (byte) 0x82 }), // truncated
                utf8Body(new byte[] { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }), // 5 bytes
                utf8Body(new byte[] { (byte) 0xFF }) };
        for (byte[] body : bodies) {
            expectProblem(http.post().uri("/auth/register").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange(), 400, "malformed_json");
        }
        // valid multi-byte UTF-8 is fine
        http.post().uri("/auth/register").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", "utf8-" + System.nanoTime() + "@example.com", "password", "pässwörd €"))
            .exchange().expectStatus().isCreated();
    }

    @Test
    void aBodyIsReadInTheCharsetItsContentTypeNames() {
        String email = "latin1-" + System.nanoTime() + "@example.com";
        String credentials = "{\"email\":\"" + email + "\",\"password\":\"pässwörd ñ\"}";
        http.post().uri("/auth/register").contentType(MediaType.parseMediaType("application/json;charset=ISO-8859-1"))
            .bodyValue(credentials.getBytes(StandardCharsets.ISO_8859_1)).exchange().expectStatus().isCreated();
        // the same password, sent as UTF-8 by another client
        http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(credentials.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk();
    }

    private static byte[] utf8Body(byte[] inPassword) {
        byte[] head = ("{\"email\":\"x" + System.nanoTime() + "@example.com\",\"password\":\"abcdefgh")
            .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + inPassword.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(inPassword, 0, body, head.length, inPassword.length);
        System.arraycopy(tail, 0, body, head.length + inPassword.length, tail.length);
        return body;
    }

    private URI raw(String target) {
        return URI.create("http://127.0.0.1:" + port + target);
    }

    /** The request as written, its answer held against the API document like every other answer. */
    /** The first line of the answer, read over a raw socket. */
    private String statusLine(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
                .readLine();
        }
    }

    private RawHttp.Response send(String request) throws IOException {
        RawHttp.Response response = RawHttp.send(port, request);
        contract.check(response.recorded(request));
        return response;
    }
}
