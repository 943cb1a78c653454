package dev.todolist.todo.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.testsupport.TestDatabase;
import dev.todolist.todo.ApiClient;
import dev.todolist.todo.TestUsers;
import dev.todolist.todo.TodoCoreApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * As todo-core shuts down, a request in flight is answered, and its answer tells the client to close the connection,
 * which todo-core then closes (the guard's part is {@code ConnectionDrainTests}; this is the wiring to the context's
 * close). A client that reused the connection (the edge's pool does, as soon as it has the answer) had its next
 * request cut as the server closed the connection, sometimes after todo-core had stored it (the edge answered 502).
 */
@ExtendWith(NettyLeakDetection.class)
class GracefulShutdownIntegrationTests {

    static final TestDatabase db = TestDatabase.create(GracefulShutdownIntegrationTests.class);

    @Test
    void aRequestInFlightAtShutdownIsAnsweredWithConnectionClose() throws Exception {
        ConfigurableApplicationContext core = start();
        int port = core.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        long userId = TestUsers.create(db);
        byte[] body = "{\"title\":\"in flight\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-Internal-Token: " + ApiClient.INTERNAL_TOKEN + "\r\nX-User-ID: " + userId + "\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 5); // the request is under way: its body is still coming
            out.flush();
            Thread.sleep(300);
            CompletableFuture<Void> closed = CompletableFuture.runAsync(core::close);
            awaitRefusingConnections(port); // the graceful shutdown has begun
            out.write(body, 5, body.length - 5);
            out.flush();

            String answer = readToEnd(socket.getInputStream()); // todo-core closes the connection after it
            assertThat(answer).startsWith("HTTP/1.1 201 ");
            assertThat(answer.toLowerCase()).contains("\r\nconnection: close\r\n");
            closed.get(30, TimeUnit.SECONDS);
        }
        finally {
            core.close();
        }
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(TodoCoreApplication.class).profiles("test")
            .run("--server.port=0", "--MANAGEMENT_PORT=0", "--spring.r2dbc.url=" + db.r2dbcUrl(),
                    "--spring.r2dbc.username=" + db.user(), "--spring.r2dbc.password=" + db.password());
    }

    private static void awaitRefusingConnections(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                Thread.sleep(20);
            }
            catch (IOException refused) {
                return;
            }
        }
        throw new AssertionError("todo-core still accepts connections 20 s after its shutdown began");
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        in.transferTo(answer);
        return answer.toString(StandardCharsets.ISO_8859_1);
    }
}
