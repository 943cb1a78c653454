package dev.todolist.todo.outbox;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.testsupport.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backlog gauges read what the last measurement found: pending events and the age of the oldest one, nothing
 * once they are sent. The measurements are triggered by the test (the schedule's interval is an hour).
 */
@ExtendWith(NettyLeakDetection.class)
@SpringBootTest(properties = "todo.outbox.backlog.interval=1h")
@ActiveProfiles("test")
class OutboxBacklogTests {

    static final TestDatabase db = TestDatabase.create(OutboxBacklogTests.class);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db.registerR2dbc(registry);
    }

    @Autowired
    OutboxBacklog backlog;

    @Autowired
    MeterRegistry meters;

    @Test
    void gaugesShowThePendingEventsAndTheOldestOnesAge() {
        OutboxRows.execute(db, "DELETE FROM task_outbox");
        insert("00000000-0000-0000-0000-000000000001", "UTC_TIMESTAMP(6) - INTERVAL 10 MINUTE");
        insert("00000000-0000-0000-0000-000000000002", "UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE");
        StepVerifier.create(backlog.refresh()).expectComplete().verify(Duration.ofSeconds(10));

        assertThat(meters.get("outbox.backlog").gauge().value()).isEqualTo(2);
        assertThat(meters.get("outbox.oldest.age").gauge().value()).isBetween(590.0, 3600.0);

        OutboxRows.execute(db, "UPDATE task_outbox SET state = 'SENT'");
        StepVerifier.create(backlog.refresh()).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(meters.get("outbox.backlog").gauge().value()).isZero();
        assertThat(meters.get("outbox.oldest.age").gauge().value()).isZero();
    }

    private static void insert(String eventId, String createdAt) {
        OutboxRows.execute(db, "INSERT INTO task_outbox (event_id, user_id, type, payload, created_at, next_attempt_at) "
                + "VALUES ('" + eventId + "', 1, 'TASK_CREATED', '{}', " + createdAt + ", " + createdAt + ")");
    }
}
