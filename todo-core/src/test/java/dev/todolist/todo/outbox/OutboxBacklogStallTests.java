package dev.todolist.todo.outbox;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.testsupport.Eventually;
import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.testsupport.TcpRelay;
import dev.todolist.testsupport.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backlog gauges outlive a database that hangs for many intervals: once it answers again they follow the table,
 * both ways. Seen on a running stack with MariaDB stopped (SIGSTOP): the measuring loop overflowed its interval
 * while a measurement hung, ended, and the gauges froze until a restart, a false backlog alert that never cleared. Here
 * todo-core's R2DBC connections go through a relay that holds everything back for a while (the loop's own schedule,
 * not the test, measures: every 200 ms); the test's own rows are written over JDBC, straight to the database.
 */
@ExtendWith(NettyLeakDetection.class)
@SpringBootTest(properties = "todo.outbox.backlog.interval=200ms")
@ActiveProfiles("test")
class OutboxBacklogStallTests {

    static final Duration WAIT = Duration.ofSeconds(10);

    /** Well past the interval, so that old answers and new ones alike wait behind the stall. */
    static final Duration STALL = Duration.ofSeconds(3);

    static final TestDatabase db = TestDatabase.create(OutboxBacklogStallTests.class);

    static final TcpRelay relay = new TcpRelay(db.host(), db.port());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db.registerR2dbcThrough(relay, registry);
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    @Autowired
    MeterRegistry meters;

    @Test
    void gaugesFollowTheTableAgainAfterTheDatabaseHungForManyIntervals() throws InterruptedException {
        OutboxRows.execute(db, "DELETE FROM task_outbox");
        insert(1, 2);
        await(() -> backlog() == 2 && oldestAge() >= 590, "the two pending events measured");

        relay.delay(STALL); // nothing todo-core sends or reads arrives for the next 3 s
        Thread.sleep(STALL.dividedBy(2).toMillis()); // seven intervals: ticks while a measurement hangs
        OutboxRows.execute(db, "UPDATE task_outbox SET state = 'SENT', sent_at = UTC_TIMESTAMP(6)");
        assertThat(backlog()).as("no measurement got through the stall yet").isEqualTo(2);
        relay.delay(Duration.ZERO); // what is on its way arrives 3 s after it left, then the database answers at once

        await(() -> backlog() == 0 && oldestAge() == 0, "the events sent during the stall no longer pending");

        insert(3, 5);
        await(() -> backlog() == 3 && oldestAge() >= 590, "the events written after the stall measured");
        OutboxRows.execute(db, "UPDATE task_outbox SET state = 'SENT', sent_at = UTC_TIMESTAMP(6)");
        await(() -> backlog() == 0 && oldestAge() == 0, "the events sent after the stall no longer pending");
    }

    private double backlog() {
        return meters.get("outbox.backlog").gauge().value();
    }

    private double oldestAge() {
        return meters.get("outbox.oldest.age").gauge().value();
    }

    /** Pending events numbered {@code first} to {@code last}, written ten minutes ago. */
    private static void insert(int first, int last) {
        for (int n = first; n <= last; n++) {
            String createdAt = "UTC_TIMESTAMP(6) - INTERVAL 10 MINUTE";
            OutboxRows.execute(db, "INSERT INTO task_outbox (event_id, user_id, type, payload, created_at, "
                    + "next_attempt_at) VALUES ('00000000-0000-0000-0000-" + String.format("%012d", n) + "', 1, "
                    + "'TASK_CREATED', '{}', " + createdAt + ", " + createdAt + ")");
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        Eventually.await(WAIT, condition, what);
    }
}
