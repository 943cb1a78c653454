package dev.todolist.edge.events;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
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
 * The edge's limits on open event streams ({@code EVENTS_MAX_STREAMS}, {@code EVENTS_MAX_STREAMS_PER_USER}): a
 * stream beyond them is refused with {@code 503} and {@code Retry-After} (before, every stream cost about 40 KiB of
 * heap without bound, and a few thousand of them ended the edge with an OutOfMemoryError), and a closed stream
 * frees its place.
 */
@ExtendWith(OutputCaptureExtension.class)
class EventStreamLimitsIntegrationTests extends EdgeIntegrationTest {

    static final TestDatabase db = TestDatabase.create(EventStreamLimitsIntegrationTests.class);

    static final NotifierProcess notifier = NotifierProcess.start(db, EventStreamLimitsIntegrationTests.class);

    static long users = System.nanoTime() % 1_000_000_000L + 500_000_000L;

    @Autowired
    OpenStreams streams;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, EventStreamLimitsIntegrationTests.class, db,
                "http://127.0.0.1:" + TodoCoreProcess.freePort());
        registry.add("NOTIFIER_ADDR", notifier::address);
        registry.add("NOTIFIER_DEADLINE", () -> "10s");
        registry.add("EVENTS_MAX_STREAMS", () -> "3");
        registry.add("EVENTS_MAX_STREAMS_PER_USER", () -> "2");
    }

    @AfterAll
    static void stopNotifier() {
        notifier.close();
    }

    static synchronized long newUser() {
        return ++users;
    }

    @Test
    void oneUserCannotHoldMoreThanTheirShareAndTheEdgeNoMoreThanItsLimit(CapturedOutput output) {
        long alice = newUser();
        long bob = newUser();
        try (EventStreamClient first = EventStreamClient.open(port, TestTokens.valid(alice));
                EventStreamClient second = EventStreamClient.open(port, TestTokens.valid(alice))) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            assertThat(eventually(() -> streams.count() == 2)).isTrue();

            refused(alice).jsonPath("$.detail").value(detail -> assertThat((String) detail)
                .contains("maximum of 2 open event streams", "EVENTS_MAX_STREAMS_PER_USER"));
            assertThat(output.getOut().lines().filter(line -> line.contains("user " + alice + ":")))
                .as("one warning for the refusal, with its code and its cause")
                .singleElement().asString()
                .contains("WARN", "Refused GET /events with 503 service_unavailable (user " + alice
                        + ": This account has its maximum of 2 open event streams");

            try (EventStreamClient bobs = EventStreamClient.open(port, TestTokens.valid(bob))) {
                assertThat(bobs.status()).as("bob has a share of his own").isEqualTo(200);
                assertThat(eventually(() -> streams.count() == 3)).isTrue();

                refused(bob).jsonPath("$.detail").value(detail -> assertThat((String) detail)
                    .contains("maximum of 3 event streams", "EVENTS_MAX_STREAMS"));
            }
            assertThat(eventually(() -> streams.count() == 2)).as("bob's stream is closed").isTrue();
            try (EventStreamClient again = EventStreamClient.open(port, TestTokens.valid(bob))) {
                assertThat(again.status()).as("a closed stream frees its place").isEqualTo(200);
            }
        }
        assertThat(eventually(() -> streams.count() == 0)).isTrue();
        try (EventStreamClient afterwards = EventStreamClient.open(port, TestTokens.valid(alice))) {
            assertThat(afterwards.status()).isEqualTo(200);
        }
    }

    private org.springframework.test.web.reactive.server.WebTestClient.BodyContentSpec refused(long user) {
        var answer = http.get()
            .uri("/events")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(user))
            .header(HttpHeaders.ACCEPT, "text/event-stream, application/problem+json")
            .exchange()
            .expectHeader()
            .exists(HttpHeaders.RETRY_AFTER);
        return expectProblem(answer, 503, "service_unavailable");
    }

    private static boolean eventually(BooleanSupplier condition) {
        return EventStreamIntegrationTests.eventually(Duration.ofSeconds(5), condition);
    }
}
