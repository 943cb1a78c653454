package dev.todolist.edge.notification;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.NotifierProcess;
import dev.todolist.edge.TestTokens;
import dev.todolist.edge.TodoCoreProcess;
import dev.todolist.testsupport.TcpRelay;
import dev.todolist.testsupport.TestDatabase;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifier back after an outage long enough for the edge's gRPC channel to wait long between its reconnect
 * attempts (1 s after the first failed one, then 1.6 times longer after each): the feed answers again about the
 * circuit breaker's open time after the notifier's return, not at the channel's next attempt (6.2 and 6.6 s in two
 * runs without the reset of the channel's backoff). The real notifier, behind a relay that turns the channel's first
 * connections away, as a notifier that crashed and restarted does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotifierRecoveryIntegrationTests extends EdgeIntegrationTest {

    /** After the fifth failed attempt the channel's next one is 6.5 s (± 20 %) away. */
    static final int ATTEMPTS_TURNED_AWAY = 5;

    static final Duration OPEN_FOR = Duration.ofSeconds(1);

    static final TestDatabase db = TestDatabase.create(NotifierRecoveryIntegrationTests.class);

    static final NotifierProcess notifier = NotifierProcess.start(db, NotifierRecoveryIntegrationTests.class);

    static final TcpRelay relay = turningAway();

    static TcpRelay turningAway() {
        TcpRelay relay = new TcpRelay("127.0.0.1", notifier.grpcPort());
        relay.turnAway(ATTEMPTS_TURNED_AWAY);
        return relay;
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, NotifierRecoveryIntegrationTests.class, db,
                "http://127.0.0.1:" + TodoCoreProcess.freePort());
        registry.add("NOTIFIER_ADDR", relay::address);
        registry.add("NOTIFIER_BREAKER_OPEN_FOR", () -> OPEN_FOR.toMillis() + "ms");
        registry.add("NOTIFIER_BREAKER_MIN_CALLS", () -> "2");
        registry.add("NOTIFIER_BREAKER_WINDOW", () -> "2");
    }

    @AfterAll
    static void stop() {
        relay.close();
        notifier.close();
    }

    @Autowired
    CircuitBreakerRegistry breakers;

    @Test
    @Order(1) // while the relay still turns the channel's first connections away
    void theFeedAnswersAgainWithinTheBreakersOpenTimeOfTheNotifiersReturn() throws InterruptedException {
        String bearer = "Bearer " + TestTokens.valid(4343);
        long outageEnds = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (relay.turnedAway() < ATTEMPTS_TURNED_AWAY) {
            assertThat(System.nanoTime()).as("the channel's connections turned away").isLessThan(outageEnds);
            assertThat(feedStatus(bearer)).as("the feed while the notifier is away").isEqualTo(503);
            Thread.sleep(100);
        }
        // the notifier is back: the relay relays from the connection after the last turned away
        long back = relay.lastTurnedAway();
        int status = feedStatus(bearer);
        while (status != 200 && System.nanoTime() - back < Duration.ofSeconds(30).toNanos()) {
            Thread.sleep(100);
            status = feedStatus(bearer);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - back);
        assertThat(status).as("the feed after the notifier came back").isEqualTo(200);
        assertThat(took).as("the breaker's %s open, then one connection; not the channel's next attempt, 5.2 s or "
                + "more away", OPEN_FOR).isLessThan(Duration.ofSeconds(4));
    }

    /**
     * With no request coming, the breaker still goes half-open after its open time, so that its state (in the metrics
     * too, which the NotifierBreakerOpen alert reads) does not say "open" for good once the notifier is back.
     */
    @Test
    @Order(2)
    void aQuietEdgesBreakerGoesHalfOpenByItselfAfterItsOpenTime() throws InterruptedException {
        String bearer = "Bearer " + TestTokens.valid(4344);
        CircuitBreaker breaker = breakers.circuitBreaker(NotifierClient.BREAKER);
        relay.refuse();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (breaker.getState() != CircuitBreaker.State.OPEN) {
                assertThat(System.nanoTime()).as("the breaker open").isLessThan(deadline);
                assertThat(feedStatus(bearer)).isEqualTo(503);
            }
            Thread.sleep(OPEN_FOR.plusMillis(500));
            assertThat(breaker.getState()).as("%s after it opened, no request since", OPEN_FOR.plusMillis(500))
                .isEqualTo(CircuitBreaker.State.HALF_OPEN);
        }
        finally {
            relay.relay();
        }
    }

    private int feedStatus(String bearer) {
        return http.get().uri("/notifications").header(HttpHeaders.AUTHORIZATION, bearer).exchange()
            .returnResult(byte[].class).getStatus().value();
    }
}
