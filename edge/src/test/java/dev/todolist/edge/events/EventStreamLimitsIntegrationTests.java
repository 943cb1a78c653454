package dev.todolist.edge.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
import dev.todolist.testsupport.Eventually;
import dev.todolist.testsupport.TcpRelay;
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

    /** The notifier 200 ms away each way: streams opened together all ask it where to start before any has begun. */
    static final TcpRelay distance = distantNotifier();

    static TcpRelay distantNotifier() {
        TcpRelay relay = new TcpRelay("127.0.0.1", notifier.grpcPort());
        relay.delay(Duration.ofMillis(200));
        relay.relay();
        return relay;
    }

    static long users = System.nanoTime() % 1_000_000_000L + 500_000_000L;

    @Autowired
    OpenStreams streams;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, EventStreamLimitsIntegrationTests.class, db,
                "http://127.0.0.1:" + TodoCoreProcess.freePort());
        registry.add("NOTIFIER_ADDR", distance::address);
        registry.add("NOTIFIER_DEADLINE", () -> "10s");
        registry.add("EVENTS_MAX_STREAMS", () -> "3");
        registry.add("EVENTS_MAX_STREAMS_PER_USER", () -> "2");
    }

    @AfterAll
    static void stopNotifier() {
        distance.close();
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

    /**
     * The limits are checked and a place taken in one step, before the notifier is asked where the stream starts:
     * before, each of a burst of streams of one user read the count before any of them had registered (the count
     * grew when a stream began, after the notifier's answer), and 37 to 51 of them opened against a limit of 32.
     */
    @Test
    void streamsOpenedAtTheSameMomentCannotPassTheLimitTogether() throws Exception {
        assertThat(eventually(() -> streams.count() == 0)).isTrue();
        long carol = newUser();
        int burst = 16;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<EventStreamClient>> opening = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < burst; i++) {
                opening.add(threads.submit(() -> {
                    go.await();
                    return EventStreamClient.open(port, TestTokens.valid(carol));
                }));
            }
            go.countDown();
            List<EventStreamClient> answers = new ArrayList<>();
            try {
                for (Future<EventStreamClient> answer : opening) {
                    answers.add(answer.get(30, TimeUnit.SECONDS));
                }
                assertThat(answers).extracting(EventStreamClient::status)
                    .as("EVENTS_MAX_STREAMS_PER_USER (2) of %d opened at once, the rest refused", burst)
                    .containsOnly(200, 503)
                    .filteredOn(status -> status == 200)
                    .hasSize(2);
            }
            finally {
                answers.forEach(EventStreamClient::close);
            }
        }
        assertThat(eventually(() -> streams.count() == 0)).as("every place given back").isTrue();
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
        return Eventually.holds(Duration.ofSeconds(5), Duration.ofMillis(20), condition);
    }
}
