package dev.todolist.edge.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.TodoCoreProcess;
import dev.todolist.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that hold connections without finishing a request: one that sends nothing, one that trickles its request
 * head (slowloris), one that keeps an answered connection open, and one that sends its body a byte at a time within
 * each pause's limit but never finishes. Each connection is closed (or its request answered 408) after its limit, so
 * such clients cannot pile up connections until the edge runs out of file descriptors; a request under way is not
 * cut by the idle limit.
 */
class SlowClientsIntegrationTests extends EdgeIntegrationTest {

    static final Duration IDLE = Duration.ofMillis(1000);

    static final Duration BODY = Duration.ofMillis(2500);

    static final TestDatabase db = TestDatabase.create(SlowClientsIntegrationTests.class);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, SlowClientsIntegrationTests.class, db,
                "http://127.0.0.1:" + TodoCoreProcess.freePort());
        registry.add("CONNECTION_IDLE_TIMEOUT", () -> IDLE.toMillis() + "ms");
        registry.add("REQUEST_BODY_TIMEOUT", () -> BODY.toMillis() + "ms");
        registry.add("REQUEST_BODY_IDLE_TIMEOUT", () -> "1s");
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws IOException {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            assertThat(socket.getInputStream().read()).as("end of stream").isEqualTo(-1);
            assertThat(since(start)).isBetween(IDLE.minusMillis(100), IDLE.multipliedBy(3));
        }
    }

    @Test
    void aRequestHeadTrickledByteByByteIsClosedAfterTheIdleTimeout() throws Exception {
        try (Socket socket = connect()) {
            socket.setSoTimeout(50);
            OutputStream out = socket.getOutputStream();
            byte[] head = "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            long start = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < 200 && !closed; i++) {
                try {
                    out.write(i < head.length ? head[i] : 'a');
                    out.flush();
                    closed = socket.getInputStream().read() == -1;
                }
                catch (SocketTimeoutException stillOpen) {
                    // nothing answered yet: go on trickling
                }
                catch (IOException reset) {
                    closed = true;
                }
            }
            assertThat(closed).as("closed while its head still trickled in").isTrue();
            assertThat(since(start)).isBetween(IDLE.minusMillis(100), IDLE.multipliedBy(4));
        }
    }

    @Test
    void anAnsweredKeepAliveConnectionIsClosedOnceIdleAndServesRequestsUntilThen() throws Exception {
        try (Socket socket = connect()) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < 3; i++) {
                // each pause is shorter than the idle timeout: the connection stays open for the next request
                out.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readAnswer(in)).startsWith("HTTP/1.1 200");
                Thread.sleep(IDLE.toMillis() / 2);
            }
            long start = System.nanoTime();
            assertThat(in.read()).as("end of stream").isEqualTo(-1);
            assertThat(since(start)).isLessThan(IDLE.multipliedBy(3));
        }
    }

    @Test
    void aBodyThatCrawlsIs408AfterTheBodyTimeoutAndTheIdleTimeoutDoesNotCutIt() throws Exception {
        try (Socket socket = connect()) {
            socket.setSoTimeout(50);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500"
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            StringBuilder answer = new StringBuilder();
            for (int i = 0; i < 100 && answer.isEmpty(); i++) {
                // a byte every 250 ms: within the body's idle timeout, past the connection's idle timeout
                out.write(' ');
                out.flush();
                try {
                    // the refusal is written at once, whole; the connection is closed after it
                    byte[] read = new byte[4096];
                    int count = socket.getInputStream().read(read);
                    answer.append(new String(read, 0, Math.max(count, 0), StandardCharsets.UTF_8));
                }
                catch (SocketTimeoutException nothingYet) {
                    Thread.sleep(200);
                }
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 408");
            assertThat(since(start)).isBetween(BODY.minusMillis(100), BODY.plusSeconds(2));
            assertThat(answer.toString())
                .contains("\"code\":\"request_timeout\"")
                .contains("The whole request body must arrive within 2500 ms.");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
        return socket;
    }

    /** One answer with a Content-Length, read to its end. */
    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            assertThat(c).as("an answer").isNotNegative();
            head.append((char) c);
        }
        String lengthLine = head.toString().lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
            .findFirst().orElseThrow();
        int length = Integer.parseInt(lengthLine.substring(lengthLine.indexOf(':') + 1).strip());
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
