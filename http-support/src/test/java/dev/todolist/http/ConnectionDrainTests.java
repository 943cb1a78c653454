package dev.todolist.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request guard as its service shuts down, in front of a real Reactor Netty server: an answer under way says
 * {@code Connection: close} and its connection closes after it; a request that arrives on a connection kept open is
 * refused with {@code 503} and {@code Retry-After}, and the server never handles it.
 */
class ConnectionDrainTests {

    private final ConnectionDrain drain = new ConnectionDrain();

    private final List<String> handled = new CopyOnWriteArrayList<>();

    private DisposableServer server;

    @BeforeEach
    void start() {
        RequestLimitsProperties limits = new RequestLimitsProperties(DataSize.ofKilobytes(64), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(30));
        HttpServer plain = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
            handled.add(request.uri());
            Mono<String> answer = Mono.just(request.uri());
            return response.sendString(request.uri().equals("/slow")
                    ? Mono.delay(Duration.ofMillis(500)).then(answer) : answer);
        });
        server = RequestGuard.customizer(JsonMapper.builder().build(), limits, RequestGuard.RefusalHeaders.NONE,
                RequestGuard.Refusals.NONE, drain)
            .apply(plain)
            .bindNow();
    }

    @AfterEach
    void stop() {
        server.disposeNow();
    }

    @Test
    void anAnswerUnderWayAsTheServiceShutsDownClosesItsConnection() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "/slow");
            Thread.sleep(100);
            shutDown();
            String answer = readToEnd(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("/slow");
            assertThat(answer.toLowerCase()).contains("\r\nconnection: close\r\n");
        }
    }

    @Test
    void aRequestOnAConnectionKeptOpenIsRefusedUnhandled() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "/before");
            String first = readHead(socket.getInputStream());
            assertThat(first).startsWith("HTTP/1.1 200 ").doesNotContainIgnoringCase("connection: close");
            socket.getInputStream().readNBytes("/before".length());
            shutDown();
            send(socket, "/during");
            String refused = readToEnd(socket.getInputStream());
            assertThat(refused).startsWith("HTTP/1.1 503 ").contains("\"code\":\"service_unavailable\"")
                .contains(ConnectionDrain.REFUSAL);
            assertThat(refused.toLowerCase()).contains("\r\nretry-after: 1\r\n", "\r\nconnection: close\r\n");
        }
        assertThat(handled).containsExactly("/before");
    }

    private void shutDown() {
        drain.onApplicationEvent(new ContextClosedEvent(new GenericApplicationContext()));
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toString(StandardCharsets.ISO_8859_1);
    }
}
