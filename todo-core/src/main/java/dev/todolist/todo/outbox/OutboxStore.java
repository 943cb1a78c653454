package dev.todolist.todo.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import reactor.core.publisher.Mono;

/**
 * The relay's side of {@code task_outbox}. A claim is one short transaction; publishing happens after it, outside
 * any transaction, and each outcome is written in a statement of its own.
 *
 * <p>Per-user order: a relay takes a user's events only if it holds that user's oldest pending event (the head),
 * and then only the unbroken run of that user's pending events that follows it. While the head is leased, sent
 * later or waiting for its next attempt, no relay takes anything of that user: a user's events leave in id order.
 */
@Component
class OutboxStore {

    static final String PENDING = "PENDING";

    static final String SENT = "SENT";

    static final String PARKED = "PARKED";

    private static final int MAX_ERROR_LENGTH = 500;

    private final DatabaseClient database;

    private final TransactionalOperator claimTransaction;

    private final Clock clock;

    OutboxStore(DatabaseClient database, ReactiveTransactionManager transactions, Clock clock) {
        this.database = database;
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        // reads see what is committed now, not a snapshot from the transaction's first read
        definition.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.claimTransaction = TransactionalOperator.create(transactions, definition);
        this.clock = clock;
    }

    /** Claims up to {@code batch} due events for {@code owner} until now + {@code lease}, in id order. */
    Mono<List<ClaimedEvent>> claim(String owner, int batch, Duration lease) {
        return Mono.defer(() -> {
            LocalDateTime now = now();
            Mono<List<ClaimedEvent>> claim = database
                .sql("SELECT id, user_id, attempts, payload, traceparent FROM task_outbox WHERE state = 'PENDING' "
                        + "AND next_attempt_at <= :now AND (lease_until IS NULL OR lease_until < :now) "
                        + "ORDER BY id LIMIT :batch FOR UPDATE SKIP LOCKED")
                .bind("now", now)
                .bind("batch", batch)
                .map(row -> new ClaimedEvent(row.get("id", Long.class), row.get("user_id", Long.class),
                        row.get("attempts", Integer.class), row.get("payload", String.class),
                        row.get("traceparent", String.class)))
                .all()
                .collectList()
                .flatMap(locked -> locked.isEmpty() ? Mono.just(List.<ClaimedEvent>of())
                        : runsFromTheHead(locked).flatMap(taken -> lease(taken, owner, now.plus(lease))));
            return claimTransaction.transactional(claim);
        });
    }

    /** Of the rows locked, each user's unbroken run of pending events from that user's oldest one. */
    private Mono<List<ClaimedEvent>> runsFromTheHead(List<ClaimedEvent> locked) {
        Map<Long, List<ClaimedEvent>> byUser = new LinkedHashMap<>();
        Set<Long> lockedIds = new HashSet<>();
        long maxId = 0;
        for (ClaimedEvent event : locked) {
            byUser.computeIfAbsent(event.userId(), u -> new ArrayList<>()).add(event);
            lockedIds.add(event.id());
            maxId = Math.max(maxId, event.id());
        }
        return database
            .sql("SELECT user_id, id FROM task_outbox WHERE state = 'PENDING' AND user_id IN (:users) "
                    + "AND id <= :maxId ORDER BY user_id, id")
            .bind("users", byUser.keySet())
            .bind("maxId", maxId)
            .map(row -> new long[] { row.get("user_id", Long.class), row.get("id", Long.class) })
            .all()
            .collectList()
            .map(pending -> {
                Map<Long, List<Long>> pendingByUser = new LinkedHashMap<>();
                pending.forEach(pair -> pendingByUser.computeIfAbsent(pair[0], u -> new ArrayList<>()).add(pair[1]));
                Set<Long> taken = new HashSet<>();
                pendingByUser.forEach((user, ids) -> {
                    for (long id : ids) {
                        if (!lockedIds.contains(id)) {
                            break; // held, waiting or not seen by this claim: the rest of this user waits too
                        }
                        taken.add(id);
                    }
                });
                return locked.stream().filter(event -> taken.contains(event.id())).toList();
            });
    }

    private Mono<List<ClaimedEvent>> lease(List<ClaimedEvent> taken, String owner, LocalDateTime until) {
        if (taken.isEmpty()) {
            return Mono.just(taken);
        }
        return database.sql("UPDATE task_outbox SET lease_owner = :owner, lease_until = :until WHERE id IN (:ids)")
            .bind("owner", owner)
            .bind("until", until)
            .bind("ids", ids(taken))
            .then()
            .thenReturn(taken);
    }

    /** Published: whoever holds them now (a publish is idempotent at the notifier). */
    Mono<Void> markSent(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Mono.empty();
        }
        return Mono.defer(() -> database
            .sql("UPDATE task_outbox SET state = 'SENT', sent_at = :now, lease_owner = NULL, lease_until = NULL "
                    + "WHERE id IN (:ids) AND state = 'PENDING'")
            .bind("now", now())
            .bind("ids", List.copyOf(ids))
            .then());
    }

    /** A failed attempt: the event waits {@code wait} before the next one, and so do its user's later events. */
    Mono<Void> retryLater(long id, String owner, int attempts, Duration wait, String error) {
        return Mono.defer(() -> database
            .sql("UPDATE task_outbox SET attempts = :attempts, next_attempt_at = :next, last_error = :error, "
                    + "lease_owner = NULL, lease_until = NULL WHERE id = :id AND state = 'PENDING' AND lease_owner = :owner")
            .bind("attempts", attempts)
            .bind("next", now().plus(wait))
            .bind("owner", owner)
            .bind("error", truncate(error))
            .bind("id", id)
            .then());
    }

    /** Given up: never published, out of the way of the user's later events. */
    Mono<Void> park(long id, String owner, int attempts, String error) {
        return Mono.defer(() -> database
            .sql("UPDATE task_outbox SET state = 'PARKED', attempts = :attempts, last_error = :error, "
                    + "lease_owner = NULL, lease_until = NULL WHERE id = :id AND state = 'PENDING' AND lease_owner = :owner")
            .bind("attempts", attempts)
            .bind("owner", owner)
            .bind("error", truncate(error))
            .bind("id", id)
            .then());
    }

    /** Gives back what this relay still holds of {@code events} (not published, nothing counted). */
    Mono<Void> release(Collection<ClaimedEvent> events, String owner) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        return database
            .sql("UPDATE task_outbox SET lease_owner = NULL, lease_until = NULL "
                    + "WHERE id IN (:ids) AND lease_owner = :owner AND state = 'PENDING'")
            .bind("ids", ids(events))
            .bind("owner", owner)
            .then();
    }

    private static List<Long> ids(Collection<ClaimedEvent> events) {
        return events.stream().map(ClaimedEvent::id).toList();
    }

    private static String truncate(String error) {
        return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock);
    }
}
