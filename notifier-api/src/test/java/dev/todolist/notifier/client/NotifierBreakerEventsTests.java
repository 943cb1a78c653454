package dev.todolist.notifier.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/** The lines an operator reads about one notifier outage, from a real breaker fed real gRPC failures. */
@ExtendWith(OutputCaptureExtension.class)
class NotifierBreakerEventsTests {

    private final ManagedChannel channel = InProcessChannelBuilder.forName("notifier-under-test").build();

    private final MovableClock clock = new MovableClock();

    private final CircuitBreaker breaker = CircuitBreaker.of("notifier", CircuitBreakerConfig.custom()
        .slidingWindowSize(4)
        .minimumNumberOfCalls(2)
        .failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofSeconds(10))
        .permittedNumberOfCallsInHalfOpenState(1)
        .build());

    private final NotifierBreakerEvents events = NotifierBreakerEvents.watch(breaker, channel, clock);

    @AfterEach
    void closeChannel() {
        channel.shutdownNow();
    }

    @Test
    void anOutageIsOneWarningWhenItBeginsWithItsCauseAndOneWhenItEnds(CapturedOutput output) {
        fail(Status.UNAVAILABLE.withDescription("io exception"));
        fail(Status.UNAVAILABLE.withDescription("io exception"));
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(output.getOut()).contains("WARN NotifierBreakerEvents - Circuit breaker notifier opened: 100 % of "
                + "the last 2 calls to the notifier at " + channel.authority() + " failed, the last with UNAVAILABLE "
                + "(io exception); its calls are refused for PT10S, then trial calls go through");

        // the notifier stays down: three rounds of trial calls fail, and the log stays quiet
        for (int round = 0; round < 3; round++) {
            clock.advance(Duration.ofSeconds(10));
            breaker.transitionToHalfOpenState();
            fail(Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded after 0.8s"));
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        }
        assertThat(events.lastFailure()).isEqualTo("DEADLINE_EXCEEDED (deadline exceeded after 0.8s)");
        assertThat(output.getOut().lines().filter(line -> line.contains("Circuit breaker"))).hasSize(1);

        clock.advance(Duration.ofSeconds(35));
        breaker.transitionToHalfOpenState();
        breaker.onSuccess(1, TimeUnit.MILLISECONDS);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(output.getOut()).contains("WARN NotifierBreakerEvents - Circuit breaker notifier closed: the "
                + "notifier at " + channel.authority() + " answers again, PT1M5S after the breaker opened (3 rounds of "
                + "trial calls failed meanwhile, the last failure was DEADLINE_EXCEEDED (deadline exceeded after "
                + "0.8s))");
        assertThat(output.getOut().lines().filter(line -> line.contains("Circuit breaker"))).hasSize(2);
    }

    @Test
    void aFailureThatIsNoGrpcStatusIsDescribedAsItself() {
        assertThat(NotifierBreakerEvents.describe(new IllegalStateException("payload is not JSON")))
            .isEqualTo("java.lang.IllegalStateException: payload is not JSON");
        assertThat(NotifierBreakerEvents.describe(Status.UNAVAILABLE.asRuntimeException())).isEqualTo("UNAVAILABLE");
    }

    private void fail(Status status) {
        breaker.onError(1, TimeUnit.MILLISECONDS, status.asRuntimeException());
    }

    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-12-03T07:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
