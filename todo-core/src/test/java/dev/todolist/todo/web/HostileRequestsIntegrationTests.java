package dev.todolist.todo.web;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.todolist.testsupport.Eventually;
import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.testsupport.RawHttp;
import dev.todolist.testsupport.TestDatabase;
import dev.todolist.todo.ApiClient;
import dev.todolist.todo.TestUsers;

import static dev.todolist.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests straight to todo-core with the internal credential, as only a compromised or broken edge would send
 * them: whichever layer refuses (the codecs, the router, Netty's HTTP decoder, the request guard), the answer is
 * problem JSON with a {@code code}, never a bare status or a 500.
 */
@ExtendWith(NettyLeakDetection.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class HostileRequestsIntegrationTests {

    static final TestDatabase db = TestDatabase.create(HostileRequestsIntegrationTests.class);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db.registerR2dbc(registry);
        registry.add("REQUEST_BODY_IDLE_TIMEOUT", () -> "1s");
    }

    @LocalServerPort
    int port;

    long userId;

    WebTestClient api;

    @BeforeEach
    void user() {
        userId = TestUsers.create(db);
        api = ApiClient.asUser(port, userId);
    }

    @Autowired
    MeterRegistry meters;

    @Test
    void aClientThatLeavesMidBodyIsCounted499NotA200() throws Exception {
        // no answer reaches it; its request metrics said 200 SUCCESS, for an answer never sent
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("POST /tasks HTTP/1.1\r\nHost: x\r\nX-Internal-Token: "
                    + ApiClient.INTERNAL_TOKEN + "\r\nX-User-ID: " + userId
                    + "\r\nContent-Type: application/json\r\nContent-Length: 500000\r\n\r\n{\"title\":\"")
                .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(new byte[30_000]);
            socket.getOutputStream().flush();
            Thread.sleep(200);
            socket.setSoLinger(true, 0); // a reset
        }
        Eventually.await(Duration.ofSeconds(5), () -> meters.find("http.server.requests").tag("uri", "/tasks")
            .tag("method", "POST").tag("status", "499").timer() != null, "the request counted with status 499");
        assertThat(meters.find("http.server.requests").tag("uri", "/tasks").tag("method", "POST")
            .tag("status", "200").timer()).isNull();
    }

    @Test
    void invalidUtf8InAJsonBodyIs400MalformedJsonAndNothingIsStored() {
        byte[][] titles = { { (byte) 0xC0, (byte) 0xAF }, // overlong '/', which Jackson alone reads as '/'
                { (byte) 0xE0, (byte) 0x80, (byte) 0xAF }, // overlong, three bytes
                { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, // an encoded surrogate
                { (byte) 0xE2, (byte) 0x82 }, // truncated
                { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, // five bytes
                { (byte) 0xFF } };
        for (byte[] title : titles) {
            expectProblem(api.post().uri("/tasks").bodyValue(titleBody(title)).exchange(), 400, "malformed_json");
        }
        api.get().uri("/tasks").exchange().expectStatus().isOk().expectBody().json("[]");
        // valid multi-byte UTF-8 is fine
        api.post().uri("/tasks").bodyValue(titleBody("€ 🧪".getBytes(StandardCharsets.UTF_8))).exchange()
            .expectStatus().isCreated().expectBody().jsonPath("$.title").isEqualTo("€ 🧪");
    }

    @Test
    void aBodyIsReadInTheCharsetItsContentTypeNamesAndRefusedWhenNotValidInIt() {
        api.post().uri("/tasks").contentType(MediaType.parseMediaType("application/json;charset=ISO-8859-1"))
            .bodyValue("{\"title\":\"Café crème\"}".getBytes(StandardCharsets.ISO_8859_1)).exchange()
            .expectStatus().isCreated().expectBody().jsonPath("$.title").isEqualTo("Café crème");
        MediaType windows1252 = MediaType.parseMediaType("application/json;charset=windows-1252");
        api.post().uri("/tasks").contentType(windows1252)
            .bodyValue(titleBody(new byte[] { (byte) 0x80, ' ', '5' })).exchange()
            .expectStatus().isCreated().expectBody().jsonPath("$.title").isEqualTo("€ 5");
        // 0x81 is no character of windows-1252
        expectProblem(api.post().uri("/tasks").contentType(windows1252).bodyValue(titleBody(new byte[] { (byte) 0x81 }))
            .exchange(), 400, "malformed_json");
        api.get().uri("/tasks").exchange().expectBody().jsonPath("$.length()").isEqualTo(2);
    }

    @Test
    void invalidUtf8InAnUpdateIs400MalformedJson() {
        Map<?, ?> task = api.post().uri("/tasks").bodyValue("{\"title\":\"kept\"}").exchange()
            .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        byte[] body = bytes("{\"title\":\"", new byte[] { (byte) 0xC0, (byte) 0xAF }, "\"}");
        expectProblem(api.patch().uri("/tasks/" + task.get("id")).bodyValue(body).exchange(), 400, "malformed_json");
        api.get().uri("/tasks/" + task.get("id")).exchange().expectBody().jsonPath("$.title").isEqualTo("kept");
    }

    @Test
    void aBodyOf300KiBIsReadAndItsTooLongTitleIs400() {
        String body = "{\"title\":\"" + "a".repeat(300 * 1024) + "\"}";
        expectProblem(api.post().uri("/tasks").bodyValue(body).exchange(), 400, "validation_failed");
    }

    @Test
    void aBodyOfAlmostOneMebibyteIsRead() {
        String body = "{\"title\":\"ok\",\"padding\":\"" + "p".repeat(1024 * 1024 - 100) + "\"}";
        api.post().uri("/tasks").bodyValue(body).exchange().expectStatus().isCreated();
    }

    @Test
    void aBodyOverOneMebibyteIs413AndSaysSo() {
        String body = "{\"title\":\"" + "a".repeat(1024 * 1024) + "\"}";
        expectProblem(api.post().uri("/tasks").bodyValue(body).exchange(), 413, "payload_too_large")
            .jsonPath("$.detail").isEqualTo("The request body is larger than 1 MiB.");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/tasks/%zz", "/tasks?completed=%zz", "/tasks/1%2F2", "/tasks/./1", "/tasks/%2e%2e/x",
            "/tasks//1", "/tasks;jsessionid=1", "/tasks/{1}", "/tasks/a\"b" })
    void malformedOrAmbiguousTargetsAre400ProblemJson(String target) throws IOException {
        RawHttp.Response response = send("GET " + target + " HTTP/1.1\r\nHost: x\r\n" + trusted() + "\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("content-type")).isEqualTo("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"invalid_request\"", "\"status\":400", "\"error\":");
    }

    @Test
    void malformedTargetsAreProblemJsonEvenWithoutTheCredential() throws IOException {
        RawHttp.Response response = send("GET /tasks/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("content-type")).isEqualTo("application/problem+json");
    }

    @Test
    void anEncodedSpellingOfARouteIsThatRoute() throws IOException {
        api.post().uri("/tasks").bodyValue("{\"title\":\"listed\"}").exchange().expectStatus().isCreated();
        RawHttp.Response response = send("GET /%74asks HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + trusted()
                + "\r\n");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).startsWith("[").contains("\"title\":\"listed\"");
    }

    @Test
    void aQueryParameterWithoutANameIsNoneOfTheListingsParameters() throws IOException {
        for (int i = 1; i <= 3; i++) {
            api.post().uri("/tasks").bodyValue("{\"title\":\"task " + i + "\"}").exchange().expectStatus().isCreated();
        }
        // Spring's query reading skipped the empty name, and took "?=limit=1" for limit=1: one task of three
        // (none is completed: "?=completed=true" read as completed=true answered an empty list)
        for (String target : new String[] { "/tasks?=limit=1", "/tasks?=completed=true", "/tasks?=" }) {
            RawHttp.Response response = send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + trusted() + "\r\n");
            assertThat(response.status()).as(target).isEqualTo(200);
            assertThat(response.body()).as(target).contains("\"task 1\"", "\"task 2\"", "\"task 3\"");
        }
    }

    @Test
    void anOverlongUrlIs414AndOverlargeHeadersAre431() throws IOException {
        RawHttp.Response longUrl = send("GET /tasks?" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(longUrl.status()).isEqualTo(414);
        assertThat(longUrl.header("content-type")).isEqualTo("application/problem+json");
        assertThat(longUrl.body()).contains("\"code\":\"request_too_large\"");
        RawHttp.Response bigHeader = send("GET /tasks HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000)
                + "\r\n\r\n");
        assertThat(bigHeader.status()).isEqualTo(431);
        assertThat(bigHeader.header("content-type")).isEqualTo("application/problem+json");
        assertThat(bigHeader.body()).contains("\"code\":\"request_too_large\"");
    }

    @Test
    void aRequestThatIsNotHttpOrHasAControlCharacterIs400ProblemJson() throws IOException {
        RawHttp.Response notHttp = send("GET /tasks HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
        assertThat(notHttp.status()).isEqualTo(400);
        assertThat(notHttp.header("content-type")).isEqualTo("application/problem+json");
        RawHttp.Response control = send("GET /tasks HTTP/1.1\r\nHost: x\r\nX-Evil: a\u0001b\r\n" + trusted()
                + "\r\n");
        assertThat(control.status()).isEqualTo(400);
        assertThat(control.body()).contains("\"code\":\"invalid_request\"");
    }

    @ParameterizedTest
    @ValueSource(strings = { "x:abc", "x:", "x:99999", "[::1", "a b", "a/b" })
    void aHostThatIsNotAHostAndPortIs400ProblemJson(String host) throws IOException {
        RawHttp.Response response = send("GET /tasks HTTP/1.1\r\nHost: " + host + "\r\n" + trusted() + "\r\n");
        assertThat(response.status()).as(host).isEqualTo(400);
        assertThat(response.header("content-type")).isEqualTo("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"invalid_request\"").contains("The Host header must be");
    }

    @ParameterizedTest
    @ValueSource(strings = { "todo-core:8081", "[::1]:8081", "10.0.0.7", "" })
    void aHostAndPortIsServed(String host) throws IOException {
        RawHttp.Response response = send("GET /tasks HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                + trusted() + "\r\n");
        assertThat(response.status()).as(host).isEqualTo(200);
    }

    @Test
    void twoContentTypesAre400WhicheverComesFirstAndNothingIsStored() throws IOException {
        // the first was read: JSON then text/plain stored the task, text/plain then JSON was 415
        String body = "{\"title\":\"typed twice\"}";
        for (String[] types : new String[][] { { "application/json", "text/plain" },
            { "text/plain", "application/json" }, { "application/json", "application/json" } }) {
            RawHttp.Response response = send("POST /tasks HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: " + types[0] + "\r\nContent-Type: " + types[1] + "\r\nContent-Length: "
                    + body.length() + "\r\n" + trusted() + "\r\n" + body);
            assertThat(response.status()).as(String.join(", ", types)).isEqualTo(400);
            assertThat(response.body()).contains("\"code\":\"invalid_request\"",
                    "A request must have at most one Content-Type header.");
        }
        api.get().uri("/tasks").exchange().expectBody().json("[]");
    }

    @Test
    void aBodyWithAContentCodingIs415() throws IOException {
        String body = "{\"title\":\"coded\"}";
        RawHttp.Response response = send("POST /tasks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Encoding: deflate\r\nContent-Length: " + body.length() + "\r\n" + trusted() + "\r\n" + body);
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.body()).contains("\"code\":\"unsupported_media_type\"");
        assertThat(response.header("accept-encoding")).isEqualTo("identity");
    }

    @Test
    void aStalledBodyIs408ProblemJson() throws IOException {
        RawHttp.Response response = send("POST /tasks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 200\r\n" + trusted() + "\r\n{\"title\":");
        assertThat(response.status()).isEqualTo(408);
        assertThat(response.body()).contains("\"code\":\"request_timeout\"");
    }

    @Test
    void aWrongMethodOnAKnownRouteIs405WithAllow() {
        expectProblem(api.put().uri("/tasks").bodyValue("{}").exchange(), 405, "method_not_allowed");
        api.put().uri("/tasks").bodyValue("{}").exchange().expectHeader()
            .value(HttpHeaders.ALLOW, allow -> assertThat(allow).contains("GET", "POST", "DELETE"));
        api.post().uri("/tasks/1").bodyValue("{}").exchange().expectHeader()
            .value(HttpHeaders.ALLOW, allow -> assertThat(allow).contains("GET", "PUT", "PATCH", "DELETE"));
    }

    @Test
    void everyErrorNamesTheRequestPathAsItsInstance() {
        expectProblem(api.get().uri("/tasks/0").exchange(), 400, "invalid_id").jsonPath("$.instance")
            .isEqualTo("/tasks/0");
        expectProblem(api.get().uri("/nope").exchange(), 404, "not_found").jsonPath("$.instance").isEqualTo("/nope");
        expectProblem(ApiClient.anonymous(port).get().uri("/tasks").exchange(), 403, "untrusted_caller")
            .jsonPath("$.instance").isEqualTo("/tasks");
    }

    private String trusted() {
        return "X-Internal-Token: " + ApiClient.INTERNAL_TOKEN + "\r\nX-User-ID: " + userId + "\r\n";
    }

    private RawHttp.Response send(String request) throws IOException {
        return RawHttp.send(port, request);
    }

    private static byte[] titleBody(byte[] title) {
        return bytes("{\"title\":\"", title, "\"}");
    }

    private static byte[] bytes(String head, byte[] middle, String tail) {
        byte[] start = head.getBytes(StandardCharsets.US_ASCII);
        byte[] end = tail.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[start.length + middle.length + end.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(middle, 0, all, start.length, middle.length);
        System.arraycopy(end, 0, all, start.length + middle.length, end.length);
        return all;
    }
}
