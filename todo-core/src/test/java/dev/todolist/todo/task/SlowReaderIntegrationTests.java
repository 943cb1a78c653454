package dev.todolist.todo.task;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.testsupport.TestDatabase;
import dev.todolist.todo.ApiClient;
import dev.todolist.todo.TestTasks;
import dev.todolist.todo.TestUsers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that reads a long list slowly, or stops reading it: todo-core reads rows from the database only as fast
 * as the client takes them, in pages, so what it holds for one slow client is bounded whatever the list's size,
 * and a client that leaves mid-list costs no connection.
 */
@ExtendWith(NettyLeakDetection.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SlowReaderIntegrationTests {

    static final TestDatabase db = TestDatabase.create(SlowReaderIntegrationTests.class);

    static final int TASKS = 10_000;

    /** 255 code points of four UTF-8 bytes each: about 1.1 KB of JSON a task, 11 MB for the whole list. */
    static final String LONG_TITLE = "🧪".repeat(255);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        db.registerR2dbc(registry);
    }

    @LocalServerPort
    int port;

    /**
     * The client reads the start of a 10 000-task list, then stops reading; meanwhile the tasks are deleted. A
     * server that had read (and buffered) the whole list at once still sends all 10 000; one that reads rows only
     * as the client takes them sends what fit into the sockets' buffers before it stopped, and then the end of the
     * list. Nothing here depends on timing: the list is far larger than the sockets can hold.
     */
    @Test
    void aClientThatStopsReadingStopsTheServerReadingRows() throws Exception {
        long user = TestUsers.create(db);
        TestTasks.insert(db, user, TASKS, LONG_TITLE);

        try (Socket socket = openSlowSocket()) {
            socket.getOutputStream().write(listRequest(user));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] start = in.readNBytes(4096);
            received.write(start);
            assertThat(new String(start, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200");
            Thread.sleep(Duration.ofSeconds(1)); // the server fills the sockets' buffers, then waits for the client

            TestTasks.delete(db, user);

            in.transferTo(received);
            String response = received.toString(StandardCharsets.UTF_8);
            int tasksReceived = count(response, "\"ID\":");
            assertThat(tasksReceived).as("tasks received of %d", TASKS).isPositive().isLessThan(TASKS / 2);
            assertThat(response).as("a complete JSON array").contains("]").endsWith("0\r\n\r\n");
        }
    }

    /** Clients that leave mid-list, more of them than the connection pool holds: the service stays available. */
    @Test
    void clientsThatLeaveMidListLeaveNoConnectionBehind() throws Exception {
        long user = TestUsers.create(db);
        // far more than the sockets' buffers hold (as above), so that each client does leave in the middle
        TestTasks.insert(db, user, TASKS, LONG_TITLE);
        for (int i = 0; i < 25; i++) { // more than the pool's 20 connections
            try (Socket socket = openSlowSocket()) {
                socket.getOutputStream().write(listRequest(user));
                assertThat(socket.getInputStream().readNBytes(4096)).hasSize(4096);
            } // closed mid-list
        }
        ApiClient.asUser(port, user).get().uri("/tasks?limit=1").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.length()").isEqualTo(1);
    }

    private Socket openSlowSocket() throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(16 * 1024); // before connecting, so that the window stays small
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        return socket;
    }

    private static byte[] listRequest(long user) {
        return ("GET /tasks HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Internal-Token: " + ApiClient.INTERNAL_TOKEN
                + "\r\nX-User-ID: " + user + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            count++;
        }
        return count;
    }
}
