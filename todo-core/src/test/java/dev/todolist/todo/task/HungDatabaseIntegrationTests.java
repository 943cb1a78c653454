package dev.todolist.todo.task;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.testsupport.TcpRelay;
import dev.todolist.testsupport.TestDatabase;
import dev.todolist.todo.ApiClient;
import dev.todolist.todo.TestUsers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database that does not answer at all (stopped, a network dropping packets): every request is answered 503 with
 * Retry-After at MYSQL_REQUEST_DEADLINE, and a change answered so never commits once the database answers again, so
 * a client that repeats it makes it once. Before, a request waited as long as the database did: the edge answered
 * 504 after its PROXY_RESPONSE_TIMEOUT, and the change committed when the database resumed (a stack's probe with
 * MariaDB stopped saw both). Here todo-core's connections go through a relay that holds everything back for a while;
 * the test reads the database over JDBC, straight.
 */
@ExtendWith(NettyLeakDetection.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class HungDatabaseIntegrationTests {

    static final Duration DEADLINE = Duration.ofSeconds(1);

    /** Long enough for three requests' deadlines in a row. */
    static final Duration STALL = Duration.ofSeconds(5);

    static final TestDatabase db = TestDatabase.create(HungDatabaseIntegrationTests.class);

    static final TcpRelay relay = new TcpRelay(db.host(), db.port());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db.registerR2dbcThrough(relay, registry);
        registry.add("MYSQL_REQUEST_DEADLINE", DEADLINE::toString);
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    @LocalServerPort
    int port;

    @Test
    void everyRequestIs503AtTheDeadlineAndNoChangeAnsweredSoCommitsWhenTheDatabaseAnswersAgain() throws Exception {
        long user = TestUsers.create(db);
        WebTestClient client = ApiClient.asUser(port, user);
        // the first write of a fresh JVM pays one-time costs: paid before the stall
        String kept = client.post().uri("/tasks").bodyValue("{\"title\":\"kept\"}").exchange()
            .expectStatus().isCreated()
            .returnResult(String.class).getResponseHeaders().getLocation().getPath();

        relay.delay(STALL); // nothing todo-core sends arrives, nor anything the database answers, for the next 5 s
        long stalled = System.nanoTime();
        refusedAtTheDeadline(client.post().uri("/tasks").bodyValue("{\"title\":\"made during the stall\"}"));
        refusedAtTheDeadline(client.delete().uri(kept));
        refusedAtTheDeadline(client.get().uri("/tasks"));
        assertThat(Duration.ofNanos(System.nanoTime() - stalled)).as("the three answers came within the stall")
            .isLessThan(STALL);
        relay.delay(Duration.ZERO); // what is on its way arrives 5 s after it left, then the database answers at once

        Thread.sleep(STALL.plusSeconds(2).toMillis());
        assertThat(titles(user)).as("the user's tasks once the stalled work has run").isEqualTo("kept");
        client.post().uri("/tasks").bodyValue("{\"title\":\"made after the stall\"}").exchange()
            .expectStatus().isCreated();
        assertThat(titles(user)).isEqualTo("kept,made after the stall");
    }

    private static void refusedAtTheDeadline(WebTestClient.RequestHeadersSpec<?> request) {
        long start = System.nanoTime();
        request.exchange()
            .expectStatus().isEqualTo(503)
            .expectHeader().valueMatches(HttpHeaders.RETRY_AFTER, "[1-9][0-9]*")
            .expectBody().jsonPath("$.code").isEqualTo("service_unavailable");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .isBetween(DEADLINE.minusMillis(100), DEADLINE.plusMillis(1500));
    }

    private static String titles(long user) throws Exception {
        try (Connection reader = db.connect(); Statement query = reader.createStatement();
                ResultSet rows = query.executeQuery(
                        "SELECT GROUP_CONCAT(title ORDER BY id) FROM tasks WHERE user_id = " + user)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
