package dev.todolist.edge.account;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.TodoCoreProcess;
import dev.todolist.testsupport.TestDatabase;

import static dev.todolist.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users database hung (it accepts connections and never answers) and then down (nothing listens): login and
 * register answer 503 with {@code Retry-After} in bounded time, never hang and never 500.
 */
class UsersDatabaseOutageIntegrationTests extends EdgeIntegrationTest {

    static final TestDatabase db = TestDatabase.create(UsersDatabaseOutageIntegrationTests.class);

    static final HungServer hung = HungServer.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, UsersDatabaseOutageIntegrationTests.class, db,
                "http://127.0.0.1:" + TodoCoreProcess.freePort());
        registry.add("MYSQL_PORT", () -> Integer.toString(hung.port()));
        registry.add("R2DBC_CONNECT_TIMEOUT", () -> "PT1S");
        registry.add("R2DBC_POOL_MAX_ACQUIRE_TIME", () -> "1s");
        registry.add("R2DBC_POOL_MAX_CREATE_CONNECTION_TIME", () -> "1s");
        registry.add("USERS_QUERY_TIMEOUT", () -> "1s");
    }

    @AfterAll
    static void stopHung() {
        hung.close();
    }

    @Test
    void loginAndRegisterAre503InBoundedTimeWhileTheDatabaseIsHungThenDown() {
        expectUnavailable("hung");
        assertThat(hung.accepted).as("the edge did reach the hung database").isNotEmpty();
        hung.close();
        expectUnavailable("down");
    }

    private void expectUnavailable(String state) {
        Map<String, String> credentials = Map.of("email", state + "@example.com", "password", "correct horse");
        for (String route : new String[] { "/auth/login", "/auth/register" }) {
            long start = System.nanoTime();
            expectProblem(http.post().uri(route).contentType(MediaType.APPLICATION_JSON).bodyValue(credentials)
                .exchange(), 503, "service_unavailable");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(route + " while the database is " + state)
                .isLessThan(Duration.ofSeconds(4));
        }
        http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON).bodyValue(credentials).exchange()
            .expectHeader().exists(HttpHeaders.RETRY_AFTER);
    }

    /** Accepts TCP connections and never says a word, like a database that hangs. */
    static final class HungServer implements AutoCloseable {

        final List<Socket> accepted = new CopyOnWriteArrayList<>();

        private final ServerSocket server;

        private HungServer(ServerSocket server) {
            this.server = server;
        }

        static HungServer start() {
            try {
                ServerSocket server = new ServerSocket();
                server.bind(new InetSocketAddress("127.0.0.1", 0));
                HungServer hung = new HungServer(server);
                Thread acceptor = new Thread(hung::accept, "hung-database");
                acceptor.setDaemon(true);
                acceptor.start();
                return hung;
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    accepted.add(server.accept());
                }
                catch (IOException ex) {
                    // closed
                }
            }
        }

        @Override
        public void close() {
            try {
                server.close();
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
            catch (IOException ex) {
                // closing anyway
            }
        }
    }
}
