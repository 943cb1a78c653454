package dev.todolist.todo.outbox;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import static org.assertj.core.api.Assertions.assertThat;

/** A database outage costs the relay's log two lines, not one a round. */
class RoundFailuresTests {

    final Logger relayLog = (Logger) LoggerFactory.getLogger(OutboxRelay.class);

    final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        relayLog.addAppender(lines);
    }

    @AfterEach
    void release() {
        relayLog.detachAppender(lines);
    }

    @Test
    void anOutageIsLoggedWhenItStartsAndWhenItEnds() {
        RoundFailures failures = new RoundFailures("relay-test");
        failures.succeeded();
        for (int round = 0; round < 27; round++) {
            failures.failed(new IllegalStateException("Connection refused"));
        }
        failures.succeeded();
        failures.succeeded();

        List<ILoggingEvent> logged = lines.list.stream().filter(line -> line.getLevel().isGreaterOrEqual(Level.INFO))
            .toList();
        assertThat(logged).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.INFO);
        assertThat(logged.get(0).getFormattedMessage()).contains("relay-test", "Connection refused");
        assertThat(logged.get(1).getFormattedMessage()).contains("relay-test", "after 27 failed");
    }
}
