package dev.todolist.testsupport.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.testsupport.TestClients;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The contract switched on for a WebTestClient on a real server (Reactor Netty, BlockHound watching its event
 * loop): every answer is checked, also when the test reads only the status, and a stream is left to stream.
 */
@ExtendWith(NettyLeakDetection.class)
class WebTestClientContractTests {

    private static final ApiContract contract = ApiContract.load();

    private static DisposableServer server;

    @BeforeAll
    static void start() {
        server = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(routes -> routes
                .get("/health", (request, response) -> response.header("Content-Type", "application/json")
                    .sendString(Mono.just("{\"status\":\"ok\"}")))
                .get("/tasks/{id}", (request, response) -> response.header("Content-Type", "application/json")
                    .sendString(Mono.just(Answers.TASK.replace("{", "{\"user_id\":7,"))))
                .get("/actuator/info", (request, response) -> response.header("Content-Type", "application/json")
                    .sendString(Mono.just("{}")))
                .get("/events", (request, response) -> response.header("Content-Type", "text/event-stream")
                    .sendString(Flux.just(Answers.EVENTS)
                        .concatWith(Flux.never()))))
            .bindNow();
    }

    @AfterAll
    static void stop() {
        server.disposeNow();
    }

    private static WebTestClient client() {
        return TestClients.http(server.port(), contract);
    }

    @Test
    void aDescribedAnswerPasses() {
        client().get().uri("/health").exchange().expectStatus().isOk().expectBody()
            .json("{\"status\":\"ok\"}");
    }

    @Test
    void aTestThatReadsOnlyTheStatusStillFailsOnAnUndescribedBody() {
        assertThatThrownBy(() -> client().get().uri("/tasks/1").exchange().expectStatus().isOk())
            .rootCause()
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("GET /tasks/1 was answered 200")
            .hasMessageContaining("user_id");
    }

    @Test
    void anAnswerOnARouteTheDocumentLacksFails() {
        assertThatThrownBy(() -> client().get().uri("/actuator/info").exchange())
            .rootCause()
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("route the document lacks");
    }

    @Test
    void theEntityResultConsumerChecksWhatTheTestReads() {
        WebTestClient checked = WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + server.port())
            .entityExchangeResultConsumer(contract::check)
            .build();
        assertThatThrownBy(() -> checked.get().uri("/tasks/1").exchange().expectBody(String.class))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("user_id");
    }

    /** Not {@link TestClients#http(int)}: that one reads every body to its end, which a stream never reaches. */
    @Test
    void aStreamIsLeftToStreamAndItsEventsAreCheckedOnRequest() {
        WebTestClient streaming = WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + server.port())
            .filter(contract.filter())
            .build();
        Flux<String> body = streaming.get()
            .uri("/events")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(byte[].class)
            .getResponseBody()
            .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
        String received = body.take(1).blockLast(Duration.ofSeconds(10));
        assertThat(received).contains("event: task.created");
        contract.checkEvents("GET", "/events", received);
    }
}
