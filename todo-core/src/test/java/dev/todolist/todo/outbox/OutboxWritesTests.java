package dev.todolist.todo.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.testsupport.TestDatabase;
import dev.todolist.todo.ApiClient;
import dev.todolist.todo.TestUsers;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every committed change through the real HTTP API leaves exactly one outbox row, in its user's commit order; a
 * change that fails leaves none. 8 users × 50 changes, all in flight together (32 at a time).
 */
@ExtendWith(NettyLeakDetection.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class OutboxWritesTests {

    static final TestDatabase db = TestDatabase.create(OutboxWritesTests.class);

    static final int USERS = 8;

    static final int CREATES = 20;

    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        db.registerR2dbc(registry);
    }

    @LocalServerPort
    int port;

    /** One request of the workload and whether it must leave an event. */
    record Change(long user, HttpMethod method, String path, Map<String, Object> body, int expectedStatus,
            boolean event) {
    }

    record Answer(int status, String body) {
    }

    @Test
    void everyCommittedChangeLeavesExactlyOneEventInCommitOrderAndFailuresLeaveNone() {
        List<Long> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(TestUsers.create(db));
        }
        WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + port)
            .defaultHeader("X-Internal-Token", ApiClient.INTERNAL_TOKEN)
            .build();

        // round 1: 20 creates per user, all users interleaved, concurrently
        List<Change> creates = new ArrayList<>();
        for (int i = 0; i < CREATES; i++) {
            for (long user : users) {
                creates.add(new Change(user, HttpMethod.POST, "/tasks", Map.of("title", "task " + i), 201, true));
            }
        }
        Map<Long, List<Long>> ids = new ConcurrentHashMap<>();
        Map<Long, String> titles = new HashMap<>();
        run(client, creates).forEach((change, answer) -> {
            Map<String, Object> task = map(answer.body());
            long id = ((Number) task.get("id")).longValue();
            ids.computeIfAbsent(change.user(), u -> new ArrayList<>()).add(id);
            titles.put(id, (String) task.get("title"));
        });
        ids.values().forEach(list -> list.sort(Long::compare));

        // round 2: 30 more per user, concurrently: each kind of update, deletes, a bulk delete, and failures
        List<Change> mixed = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            long user = users.get(u);
            long stranger = users.get((u + 1) % USERS);
            List<Long> own = ids.get(user);
            List<Long> foreign = ids.get(stranger);
            for (int i = 0; i < 8; i++) {
                mixed.add(patch(user, own.get(i), Map.of("completed", true), true));
            }
            for (int i = 8; i < 12; i++) {
                mixed.add(patch(user, own.get(i), Map.of("title", "renamed " + i), true));
            }
            for (int i = 12; i < 15; i++) {
                mixed.add(patch(user, own.get(i), Map.of("title", "both " + i, "completed", true), true));
            }
            // changes nothing: no event
            mixed.add(patch(user, own.get(15), Map.of("completed", false), false));
            mixed.add(patch(user, own.get(16), Map.of("title", titles.get(own.get(16))), false));
            for (int i = 17; i < 20; i++) {
                mixed.add(new Change(user, HttpMethod.DELETE, "/tasks/" + own.get(i), Map.of(), 204, true));
            }
            // one bulk delete of the completed ones, racing the completions: its count says what it saw
            mixed.add(new Change(user, HttpMethod.DELETE, "/tasks?completed=true", Map.of(), 204, true));
            // failures: another user's task, a validation error, a task that does not exist
            for (int i = 0; i < 3; i++) {
                mixed.add(new Change(user, HttpMethod.PATCH, "/tasks/" + foreign.get(i), Map.of("title", "stolen"),
                        404, false));
                mixed.add(new Change(user, HttpMethod.DELETE, "/tasks/" + foreign.get(i + 4), Map.of(), 404, false));
            }
            mixed.add(patch(user, own.get(0), Map.of("title", " "), 400, false));
            mixed.add(new Change(user, HttpMethod.POST, "/tasks", Map.of("title", ""), 400, false));
            mixed.add(new Change(user, HttpMethod.DELETE, "/tasks/999999999", Map.of(), 404, false));
        }
        assertThat(creates.size() + mixed.size()).isEqualTo(USERS * 50);
        Map<Change, Answer> answers = run(client, mixed);

        // a change of an account that does not exist rolls back: no event
        long ghost = users.stream().mapToLong(Long::longValue).max().orElseThrow() + 1000;
        Answer refused = run(client, List.of(new Change(ghost, HttpMethod.POST, "/tasks", Map.of("title", "x"), 401,
                false))).values().iterator().next();
        assertThat(refused.status()).isEqualTo(401);

        List<OutboxRows.Row> rows = OutboxRows.all(db);
        assertThat(rows).noneMatch(row -> row.userId() == ghost);
        assertThat(rows).extracting(OutboxRows.Row::eventId).doesNotHaveDuplicates();
        for (long user : users) {
            List<OutboxRows.Row> events = rows.stream().filter(row -> row.userId() == user).toList();
            long expected = CREATES + mixed.stream().filter(c -> c.user() == user && c.event()).count();
            Change bulk = mixed.stream()
                .filter(c -> c.user() == user && c.path().startsWith("/tasks?"))
                .findFirst()
                .orElseThrow();
            if (replay(events).bulkCounts().getFirst() == 0) {
                expected--; // the bulk delete ran before any completion committed: nothing removed, no event
            }
            assertThat(events).as("events of user %d", user).hasSize((int) expected);
            assertThat(answers.get(bulk).status()).isEqualTo(204);
            Map<Long, Map<String, Object>> listed = new LinkedHashMap<>();
            client.get().uri("/tasks").header("X-User-ID", Long.toString(user)).retrieve().bodyToMono(String.class)
                .map(body -> JSON.readValue(body, new TypeReference<List<Map<String, Object>>>() {
                }))
                .block(Duration.ofSeconds(30))
                .forEach(task -> listed.put(((Number) task.get("id")).longValue(), task));
            // updated_at aside: an update that changes nothing still touches it, and makes no event
            assertThat(withoutUpdatedAt(replay(events).tasks()))
                .as("user %d's tasks replayed from the events in id order", user)
                .isEqualTo(withoutUpdatedAt(listed));
        }
    }

    /** The state the events build when applied in id order; fails if an event contradicts the state before it. */
    record Replay(Map<Long, Map<String, Object>> tasks, List<Long> bulkCounts) {
    }

    private static Replay replay(List<OutboxRows.Row> events) {
        Map<Long, Map<String, Object>> tasks = new LinkedHashMap<>();
        List<Long> bulkCounts = new ArrayList<>();
        for (OutboxRows.Row row : events) {
            Map<String, Object> event = row.payload();
            assertThat(event.get("type")).isEqualTo(row.type());
            assertThat(event.get("event_id")).isEqualTo(row.eventId());
            switch (row.type()) {
                case "task.created" -> {
                    Map<String, Object> task = map((String) event.get("task_json"));
                    assertThat(tasks).doesNotContainKey(taskId(event));
                    assertThat(event.get("changed")).isEqualTo(List.of());
                    tasks.put(taskId(event), task);
                }
                case "task.updated" -> {
                    Map<String, Object> before = tasks.get(taskId(event));
                    assertThat(before).as("update of a live task, event %d", row.id()).isNotNull();
                    Map<String, Object> after = map((String) event.get("task_json"));
                    List<String> changed = new ArrayList<>();
                    if (!before.get("title").equals(after.get("title"))) {
                        changed.add("title");
                    }
                    if (!before.get("completed").equals(after.get("completed"))) {
                        changed.add("completed");
                    }
                    assertThat(event.get("changed")).as("event %d against the state before it", row.id())
                        .isEqualTo(changed);
                    assertThat(event.get("title")).isEqualTo(after.get("title"));
                    tasks.put(taskId(event), after);
                }
                case "task.deleted" -> {
                    Map<String, Object> before = tasks.remove(taskId(event));
                    assertThat(before).as("delete of a live task, event %d", row.id()).isNotNull();
                    assertThat(event.get("title")).isEqualTo(before.get("title"));
                    assertThat(event.get("task_json")).isNull();
                }
                case "tasks.deleted" -> {
                    long completed = tasks.values().stream().filter(task -> Boolean.TRUE.equals(task.get("completed")))
                        .count();
                    assertThat(((Number) event.get("count")).longValue())
                        .as("bulk delete event %d removed the completed tasks of that moment", row.id())
                        .isEqualTo(completed);
                    tasks.values().removeIf(task -> Boolean.TRUE.equals(task.get("completed")));
                    bulkCounts.add(completed);
                }
                default -> throw new AssertionError("unknown type " + row.type());
            }
        }
        if (bulkCounts.isEmpty()) {
            bulkCounts.add(0L);
        }
        return new Replay(tasks, bulkCounts);
    }

    private static Map<Long, Map<String, Object>> withoutUpdatedAt(Map<Long, Map<String, Object>> tasks) {
        Map<Long, Map<String, Object>> copy = new LinkedHashMap<>();
        tasks.forEach((id, task) -> {
            Map<String, Object> fields = new HashMap<>(task);
            fields.remove("updated_at");
            copy.put(id, fields);
        });
        return copy;
    }

    private static long taskId(Map<String, Object> event) {
        return ((Number) event.get("task_id")).longValue();
    }

    private static Change patch(long user, long id, Map<String, Object> body, boolean event) {
        return patch(user, id, body, 200, event);
    }

    private static Change patch(long user, long id, Map<String, Object> body, int status, boolean event) {
        return new Change(user, HttpMethod.PATCH, "/tasks/" + id, body, status, event);
    }

    private static Map<Change, Answer> run(WebClient client, List<Change> changes) {
        Map<Change, Answer> answers = new ConcurrentHashMap<>();
        AtomicInteger wrong = new AtomicInteger();
        Flux.fromIterable(changes)
            .flatMap(change -> {
                WebClient.RequestBodySpec request = client.method(change.method()).uri(change.path())
                    .header("X-User-ID", Long.toString(change.user()));
                WebClient.RequestHeadersSpec<?> withBody = change.body().isEmpty() ? request
                        : request.contentType(MediaType.APPLICATION_JSON).bodyValue(change.body());
                return withBody.exchangeToMono(response -> response.bodyToMono(String.class)
                    .defaultIfEmpty("")
                    .map(body -> new Answer(response.statusCode().value(), body)))
                    .doOnNext(answer -> {
                        answers.put(change, answer);
                        if (answer.status() != change.expectedStatus()) {
                            wrong.incrementAndGet();
                        }
                    });
            }, 32)
            .then(Mono.empty())
            .block(Duration.ofSeconds(120));
        assertThat(answers).hasSize(changes.size());
        assertThat(wrong).as("answers with an unexpected status: %s", answers).hasValue(0);
        return new HashMap<>(answers);
    }

    private static Map<String, Object> map(String json) {
        return JSON.readValue(json, new TypeReference<Map<String, Object>>() {
        });
    }
}
