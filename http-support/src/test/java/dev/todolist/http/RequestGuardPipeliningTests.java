package dev.todolist.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import dev.todolist.testsupport.RawHttp;
import dev.todolist.testsupport.RawHttp.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pipelined requests through the guard in front of a real Reactor Netty server (RFC 9112, 9.3.2): each is answered,
 * in the order sent, up to the one that asks to close the connection. Without the guard handing them on one at a
 * time, each once the exchange before it is over, Reactor Netty answered only the first when a later one asked to
 * close, and a refusal by the guard overtook the answer under way.
 */
class RequestGuardPipeliningTests {

    private static DisposableServer server;

    @BeforeAll
    static void start() {
        RequestLimitsProperties limits = new RequestLimitsProperties(DataSize.ofKilobytes(64), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(30));
        HttpServer plain = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
            if (request.uri().startsWith("/slow")) {
                return response.sendString(Mono.delay(Duration.ofMillis(300)).thenReturn("slow"));
            }
            if (request.uri().startsWith("/echo")) {
                return response.sendString(request.receive().aggregate().asString(StandardCharsets.UTF_8)
                    .defaultIfEmpty(""));
            }
            return response.sendString(Mono.just(request.uri()));
        });
        server = RequestGuard.customizer(JsonMapper.builder().build(), limits, RequestGuard.RefusalHeaders.NONE,
                RequestGuard.Refusals.NONE, new ConnectionDrain())
            .apply(plain)
            .bindNow();
    }

    @AfterAll
    static void stop() {
        server.disposeNow();
    }

    @Test
    void everyRequestUpToTheOneThatAsksToCloseIsAnsweredInOrder() throws Exception {
        List<Response> answers = RawHttp.sendPipelined(server.port(), get("/slow", ""), get("/a", ""),
                get("/b", "Connection: close\r\n"), get("/after-the-close", ""));

        assertThat(answers).extracting(Response::body).containsExactly("slow", "/a", "/b");
        assertThat(answers.get(2).header("connection")).isEqualTo("close");
    }

    @Test
    void aRequestAfterOneAnsweredAtOnceIsAnsweredToo() throws Exception {
        assertThat(RawHttp.sendPipelined(server.port(), get("/a", ""), get("/b", "Connection: close\r\n")))
            .extracting(Response::body).containsExactly("/a", "/b");
    }

    @Test
    void aRefusalWaitsForTheAnswerUnderWay() throws Exception {
        List<Response> answers = RawHttp.sendPipelined(server.port(), get("/slow", ""),
                "GET /x HTTP/1.1\r\nHost: a b\r\n\r\n", get("/never", ""));

        assertThat(answers).extracting(Response::status).containsExactly(200, 400);
        assertThat(answers.get(0).body()).isEqualTo("slow");
        assertThat(answers.get(1).body()).contains(HostHeader.REFUSAL);
    }

    @Test
    void eachPipelinedBodyReachesItsOwnRequest() throws Exception {
        List<Response> answers = RawHttp.sendPipelined(server.port(),
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\none",
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n",
                get("/slow", ""),
                "POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 5\r\n\r\nthree");

        assertThat(answers).extracting(Response::body).containsExactly("one", "two", "slow", "three");
    }

    @Test
    void aLongPipelineIsAnsweredWhole() throws Exception {
        String[] requests = IntStream.range(0, 500)
            .mapToObj(i -> get("/" + i, i == 499 ? "Connection: close\r\n" : ""))
            .toArray(String[]::new);

        List<Response> answers = RawHttp.sendPipelined(server.port(), requests);

        assertThat(answers).extracting(Response::body)
            .containsExactlyElementsOf(IntStream.range(0, 500).mapToObj(i -> "/" + i).toList());
    }

    private static String get(String path, String headers) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n";
    }
}
