package dev.todolist.edge.notification;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.NotifierProcess;
import dev.todolist.edge.TestTokens;
import dev.todolist.edge.TodoCoreProcess;
import dev.todolist.testsupport.TestDatabase;

import static dev.todolist.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feed routes through the edge to the real notifier (a process of its own, over gRPC on the network), fed with
 * events published straight to it as todo-core's relay does.
 */
class NotificationsIntegrationTests extends EdgeIntegrationTest {

    static final TestDatabase db = TestDatabase.create(NotificationsIntegrationTests.class);

    static final NotifierProcess notifier = NotifierProcess.start(db, NotificationsIntegrationTests.class);

    static final FeedEvents events = new FeedEvents(notifier.address());

    static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
    };

    static long users = System.nanoTime() % 1_000_000_000L;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, NotificationsIntegrationTests.class, db,
                "http://127.0.0.1:" + TodoCoreProcess.freePort());
        registry.add("NOTIFIER_ADDR", notifier::address);
        // what is checked here is behaviour, not latency: a cold notifier on a loaded machine may take longer
        // than the production deadline for its first calls (NotifierOutageIntegrationTests covers the deadline)
        registry.add("NOTIFIER_DEADLINE", () -> "5s");
    }

    @AfterAll
    static void stopNotifier() {
        events.close();
        notifier.close();
    }

    static synchronized long newUser() {
        return ++users;
    }

    private List<Map<String, Object>> feed(long user, String query) {
        return http.get().uri("/notifications" + query)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(user))
            .exchange().expectStatus().isOk()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
            .expectBody(LIST).returnResult().getResponseBody();
    }

    private long unread(long user) {
        Map<String, Object> body = http.get().uri("/notifications/unread-count")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(user))
            .exchange().expectStatus().isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
            }).returnResult().getResponseBody();
        assertThat(body).containsOnlyKeys("unread");
        return ((Number) body.get("unread")).longValue();
    }

    private void markRead(long user, String upTo) {
        http.post().uri("/notifications/read")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(user))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("up_to", upTo))
            .exchange().expectStatus().isNoContent().expectBody().isEmpty();
    }

    @Test
    void theFeedIsListedNewestFirstInTheContractsShape() {
        long alice = newUser();
        String created = events.created(alice, 7, "Buy milk");
        String completed = events.completed(alice, 7, "Buy milk");
        String bulk = events.bulkDeleted(alice, 2);

        List<Map<String, Object>> feed = feed(alice, "");

        assertThat(feed).extracting(n -> n.get("id")).containsExactly(bulk, completed, created);
        assertThat(feed.get(0)).containsOnlyKeys("id", "type", "task_id", "title", "completed", "changed", "count",
                "at", "read")
            .containsEntry("type", "tasks.deleted")
            .containsEntry("task_id", null)
            .containsEntry("title", null)
            .containsEntry("completed", null)
            .containsEntry("count", 2)
            .containsEntry("changed", List.of())
            .containsEntry("read", false);
        assertThat(feed.get(1)).containsEntry("type", "task.updated")
            .containsEntry("task_id", 7)
            .containsEntry("title", "Buy milk")
            .containsEntry("completed", true)
            .containsEntry("changed", List.of("completed"))
            .containsEntry("count", null);
        assertThat((String) feed.get(2).get("at")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    }

    @Test
    void pagesFollowLimitAndBefore() {
        long alice = newUser();
        for (int task = 1; task <= 5; task++) {
            events.created(alice, task, "task " + task);
        }
        List<Map<String, Object>> first = feed(alice, "?limit=2");
        assertThat(first).extracting(n -> n.get("title")).containsExactly("task 5", "task 4");
        List<Map<String, Object>> second = feed(alice, "?limit=2&before=" + first.get(1).get("id"));
        assertThat(second).extracting(n -> n.get("title")).containsExactly("task 3", "task 2");
        assertThat(feed(alice, "?limit=200")).hasSize(5);
    }

    @Test
    void markingReadCountsDownTheUnread() {
        long alice = newUser();
        events.created(alice, 1, "a");
        String second = events.created(alice, 2, "b");
        events.created(alice, 3, "c");
        assertThat(unread(alice)).isEqualTo(3);

        markRead(alice, second);

        assertThat(unread(alice)).isEqualTo(1);
        assertThat(feed(alice, "")).extracting(n -> n.get("read")).containsExactly(false, true, true);
    }

    @Test
    void noUserSeesOrMarksAnotherUsersFeed() {
        long alice = newUser();
        long bob = newUser();
        String alices = events.created(alice, 1, "alice's");

        assertThat(feed(bob, "")).isEmpty();
        assertThat(unread(bob)).isZero();
        markRead(bob, alices);
        assertThat(unread(alice)).isEqualTo(1);
    }

    @Test
    void badQueryValuesAndBodiesAre400() {
        String bearer = "Bearer " + TestTokens.valid(newUser());
        // a name without "=" ("?limit") is an empty value, not an absent one (it used to list the default page)
        for (String query : List.of("?limit=0", "?limit=201", "?limit=abc", "?limit=", "?before=", "?before=a%20b",
                "?limit", "?before", "?limit=2&limit=3")) {
            expectProblem(http.get().uri("/notifications" + query).header(HttpHeaders.AUTHORIZATION, bearer).exchange(),
                    400, "validation_failed");
        }
        expectProblem(http.get().uri("/notifications?limit=2&limit=3").header(HttpHeaders.AUTHORIZATION, bearer)
            .exchange(), 400, "validation_failed")
            .jsonPath("$.detail").isEqualTo("limit is given 2 times; give it once.");
        for (String body : List.of("{}", "{\"up_to\":\"\"}", "{\"up_to\":null}", "{\"up_to\":\"not-an-id\"}")) {
            expectProblem(http.post().uri("/notifications/read").header(HttpHeaders.AUTHORIZATION, bearer)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange(), 400, "validation_failed")
                .jsonPath("$.detail").isEqualTo("up_to must be a notification id.");
        }
        expectProblem(http.post().uri("/notifications/read").header(HttpHeaders.AUTHORIZATION, bearer)
            .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"up_to\":").exchange(), 400, "malformed_json");
    }

    @Test
    void everyRouteNeedsAnAccessTokenAndAnswersWithCors() {
        expectProblem(http.get().uri("/notifications").exchange(), 401, "missing_token");
        expectProblem(http.get().uri("/notifications/unread-count").exchange(), 401, "missing_token");
        expectProblem(http.post().uri("/notifications/read").contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"up_to\":\"1\"}").exchange(), 401, "missing_token");
        http.get().uri("/notifications")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(newUser()))
            .header(HttpHeaders.ORIGIN, "http://localhost:3000")
            .exchange().expectStatus().isOk()
            .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:3000");
    }
}
