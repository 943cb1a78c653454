package dev.todolist.todo.outbox;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox cleanup on the real database: sent rows past {@code OUTBOX_SENT_RETENTION} and parked rows past
 * {@code OUTBOX_PARKED_RETENTION} go, in batches, however many there are; pending rows and rows within their
 * retention stay.
 */
@SpringBootTest(properties = { "todo.outbox.cleanup.batch=3", "todo.outbox.cleanup.sent-retention=1h",
        "todo.outbox.cleanup.parked-retention=2d" })
@ActiveProfiles("test")
class OutboxCleanupTests {

    static final TestDatabase db = TestDatabase.create(OutboxCleanupTests.class);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db.registerR2dbc(registry);
    }

    @Autowired
    OutboxCleanup cleanup;

    @BeforeEach
    void emptyOutbox() {
        OutboxRows.execute(db, "DELETE FROM task_outbox");
    }

    @Test
    void deletesWhatOutlivedItsRetentionAndNothingElse() {
        // interleaved ids, as a real table has them: old sent, recent sent, pending of any age, parked
        for (int i = 0; i < 8; i++) {
            insert("SENT", "2 HOUR", "2 HOUR"); // sent two hours ago: expired
        }
        insert("PENDING", "40 DAY", null); // waiting for the notifier for 40 days: never deleted
        insert("SENT", "3 HOUR", "30 MINUTE"); // written long ago, sent recently: stays
        insert("PARKED", "3 DAY", null); // parked, written three days ago: expired
        insert("PARKED", "1 DAY", null); // parked yesterday: stays
        // expired too, but after a row that stays: a cleanup walks from the oldest row and stops at the first one
        // within its retention, so this one goes in a later cleanup
        insert("SENT", "2 HOUR", "2 HOUR");

        Long deleted = cleanup.removeExpired().block(Duration.ofSeconds(30));

        List<String> left = OutboxRows.all(db).stream().map(row -> row.state() + ":" + row.type()).toList();
        assertThat(left).containsExactly("PENDING:task.created", "SENT:recent", "PARKED:recent", "SENT:expired");
        assertThat(deleted).as("8 sent in batches of 3, 1 parked").isEqualTo(9);
        assertThat(cleanup.removeExpired().block(Duration.ofSeconds(30))).as("nothing left to delete").isZero();
    }

    /** A row written {@code age} ago, sent {@code sentAgo} ago (or never); its type says whether it should stay. */
    private static void insert(String state, String age, String sentAgo) {
        boolean stays = state.equals("SENT") ? sentAgo.equals("30 MINUTE") : age.equals("1 DAY");
        String type = state.equals("PENDING") ? "task.created" : stays ? "recent" : "expired";
        OutboxRows.execute(db, "INSERT INTO task_outbox (event_id, user_id, type, payload, created_at, state, "
                + "next_attempt_at, sent_at) VALUES ('" + UUID.randomUUID() + "', 1, '" + type + "', '{}', "
                + "UTC_TIMESTAMP(6) - INTERVAL " + age + ", '" + state + "', UTC_TIMESTAMP(6), "
                + (sentAgo == null ? "NULL" : "UTC_TIMESTAMP(6) - INTERVAL " + sentAgo) + ")");
    }
}
