package dev.todolist.edge.events;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.NotifierProcess;
import dev.todolist.edge.TestTokens;
import dev.todolist.edge.TodoCoreProcess;
import dev.todolist.edge.notification.FeedEvents;
import dev.todolist.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifier going away under open event streams (the real notifier process, stopped): each open stream ends with
 * {@code event: unavailable} and a {@code retry:}, and a new stream is refused with {@code 503} and
 * {@code Retry-After} within a second.
 */
class EventStreamOutageIntegrationTests extends EdgeIntegrationTest {

    static final Duration SOON = Duration.ofSeconds(5);

    static final TestDatabase db = TestDatabase.create(EventStreamOutageIntegrationTests.class);

    static final NotifierProcess notifier = NotifierProcess.start(db, EventStreamOutageIntegrationTests.class);

    static final FeedEvents events = new FeedEvents(notifier.address());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, EventStreamOutageIntegrationTests.class, db,
                "http://127.0.0.1:" + TodoCoreProcess.freePort());
        registry.add("NOTIFIER_ADDR", notifier::address);
    }

    @AfterAll
    static void stopNotifier() {
        events.close();
        notifier.close();
    }

    /** The edge's first notifier call (its channel, its classes) may exceed the deadline on a loaded machine. */
    private EventStreamClient openWhenWarm(long user) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (;;) {
            EventStreamClient stream = EventStreamClient.open(port, TestTokens.valid(user));
            if (stream.status() == 200 || System.nanoTime() > deadline) {
                return stream;
            }
            stream.close();
            try {
                Thread.sleep(500);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return stream;
            }
        }
    }

    @Test
    void openStreamsEndWithUnavailableAndNewOnesAreRefusedWith503() {
        long alice = 1_000_001;
        try (EventStreamClient open = openWhenWarm(alice)) {
            assertThat(open.status()).isEqualTo(200);
            String id = events.created(alice, 1, "before the outage");
            assertThat(open.next(SOON)).extracting(EventStreamClient.Event::id).isEqualTo(id);

            notifier.close();

            EventStreamClient.Event unavailable = open.next(SOON);
            assertThat(unavailable).isNotNull();
            assertThat(unavailable.event()).isEqualTo("unavailable");
            assertThat(unavailable.id()).isNull();
            assertThat(unavailable.retry()).isNotNull().matches("[1-9][0-9]*");
            assertThat(open.endsWithin(SOON)).isTrue();
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            long started = System.nanoTime();
            try (EventStreamClient refused = EventStreamClient.open(port, TestTokens.valid(alice))) {
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.response.headers().firstValue("Retry-After")).isPresent();
                assertThat(refused.response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            }
        }
    }
}
