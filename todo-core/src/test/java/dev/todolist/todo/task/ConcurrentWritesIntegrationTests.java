package dev.todolist.todo.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import dev.todolist.testsupport.TestDatabase;
import dev.todolist.todo.ApiClient;
import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.todo.TestUsers;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/** Many parallel creates and updates for several users: afterwards each list is exactly what was written. */
@ExtendWith(NettyLeakDetection.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ConcurrentWritesIntegrationTests {

    static final TestDatabase db = TestDatabase.create(ConcurrentWritesIntegrationTests.class);

    static final int USERS = 8;

    static final int TASKS_PER_USER = 50;

    static final ParameterizedTypeReference<Map<String, Object>> TASK = new ParameterizedTypeReference<>() {
    };

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        db.registerR2dbc(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void parallelCreatesAndUpdatesLoseNothingAndLeakNothing() {
        List<Long> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(TestUsers.create(db));
        }
        WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + port)
            .defaultHeader("X-Internal-Token", ApiClient.INTERNAL_TOKEN)
            .defaultHeader("Content-Type", MediaType.APPLICATION_JSON_VALUE)
            .build();

        // every user's creates, interleaved across users, 32 requests in flight
        List<Map<String, Object>> created = Flux.range(0, USERS * TASKS_PER_USER)
            .flatMap(i -> {
                long user = users.get(i % USERS);
                String title = "user " + user + " task " + (i / USERS);
                return client.post().uri("/tasks").header("X-User-ID", Long.toString(user))
                    .bodyValue(Map.of("title", title))
                    .retrieve()
                    .bodyToMono(TASK)
                    .map(task -> {
                        // each answer is the task this request sent, not another one in flight beside it
                        assertThat(task).containsEntry("title", title);
                        return withOwner(task, user);
                    });
            }, 32)
            .collectList()
            .block(Duration.ofSeconds(120));
        assertThat(created).hasSize(USERS * TASKS_PER_USER);

        // then, in parallel: complete the even ones, retitle the ones divisible by three
        Map<Long, Map<String, Object>> expected = new HashMap<>();
        created.forEach(task -> expected.put(((Number) task.get("id")).longValue(), new HashMap<>(task)));
        Flux.fromIterable(created)
            .flatMap(task -> {
                long id = ((Number) task.get("id")).longValue();
                Map<String, Object> change = new HashMap<>();
                if (id % 2 == 0) {
                    change.put("completed", true);
                }
                if (id % 3 == 0) {
                    change.put("title", "renamed " + id);
                }
                if (change.isEmpty()) {
                    return Flux.empty();
                }
                expected.get(id).putAll(change);
                return client.patch().uri("/tasks/" + id).header("X-User-ID", task.get("owner").toString())
                    .bodyValue(change)
                    .retrieve()
                    .bodyToMono(TASK)
                    .doOnNext(answer -> assertThat(answer).containsAllEntriesOf(change));
            }, 32)
            .blockLast(Duration.ofSeconds(120));

        for (long user : users) {
            List<Map<String, Object>> listed = client.get().uri("/tasks").header("X-User-ID", Long.toString(user))
                .retrieve()
                .bodyToFlux(TASK)
                .collectList()
                .block(Duration.ofSeconds(30));
            List<String> expectedForUser = expected.values().stream()
                .filter(task -> task.get("owner").equals(user))
                .sorted((a, b) -> Long.compare(((Number) a.get("id")).longValue(), ((Number) b.get("id")).longValue()))
                .map(ConcurrentWritesIntegrationTests::summary)
                .collect(Collectors.toList());
            assertThat(listed).hasSize(TASKS_PER_USER);
            assertThat(listed.stream().map(ConcurrentWritesIntegrationTests::summary).toList())
                .as("tasks of user %d", user)
                .containsExactlyElementsOf(expectedForUser);
        }
    }

    private static Map<String, Object> withOwner(Map<String, Object> task, long owner) {
        Map<String, Object> copy = new HashMap<>(task);
        copy.put("owner", owner);
        return copy;
    }

    private static String summary(Map<String, Object> task) {
        return task.get("id") + "|" + task.get("title") + "|" + task.get("completed");
    }
}
