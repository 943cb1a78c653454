package dev.todolist.todo.outbox;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import io.r2dbc.spi.Parameters;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes events in the transaction of the change they describe. {@link #inUserTransaction} runs a change in one
 * R2DBC transaction that first locks the user's row: two changes of one user never overlap, so the outbox's
 * increasing id is the user's commit order; a change that fails or rolls back leaves no event. Once it has committed,
 * this instance's relay is nudged ({@link RelayNudges}).
 */
@Component
public class Outbox {

    private final DatabaseClient database;

    private final TransactionalOperator transactions;

    private final JsonMapper json;

    private final EventIds ids;

    private final Clock clock;

    private final RelayNudges nudges;

    private final TraceLinks traces;

    Outbox(DatabaseClient database, TransactionalOperator transactions, JsonMapper json, EventIds ids, Clock clock,
            RelayNudges nudges, TraceLinks traces) {
        this.traces = traces;
        this.database = database;
        this.transactions = transactions;
        this.json = json;
        this.ids = ids;
        this.clock = clock;
        this.nudges = nudges;
    }

    /** {@code change} in one transaction, after the lock on {@code users} row {@code userId}. */
    /**
     * {@code change} in the user's transaction; {@code beforeCommit} runs last in it, and its failure rolls the
     * transaction back (the task package's deadline).
     */
    public <T> Mono<T> inUserTransaction(long userId, Mono<T> change, Mono<Void> beforeCommit) {
        Mono<Long> lock = database.sql("SELECT id FROM users WHERE id = :userId FOR UPDATE")
            .bind("userId", userId)
            .map(row -> 1L)
            .all()
            .count();
        Mono<T> work = lock.then(change).singleOptional()
            .flatMap(result -> beforeCommit.then(Mono.justOrEmpty(result)));
        // a transaction that cannot begin is the database being unavailable (503), as for a plain query
        // committed: this instance's relay publishes the change's events now rather than at its next interval
        return transactions.transactional(work)
            .doOnSuccess(result -> nudges.nudge())
            .onErrorMap(CannotCreateTransactionException.class,
                    ex -> new DataAccessResourceFailureException(ex.getMessage(), ex));
    }

    public Mono<Void> created(long userId, long taskId, String title, boolean completed, Instant at, String taskJson) {
        return append(userId, TaskEvent.CREATED, taskId, title, completed, List.of(), null, at, taskJson);
    }

    /** Nothing when {@code changed} is empty (an update that changed nothing). */
    public Mono<Void> updated(long userId, long taskId, String title, boolean completed, List<String> changed,
            Instant at, String taskJson) {
        if (changed.isEmpty()) {
            return Mono.empty();
        }
        return append(userId, TaskEvent.UPDATED, taskId, title, completed, changed, null, at, taskJson);
    }

    public Mono<Void> deleted(long userId, long taskId, String title, boolean completed, Instant at) {
        return append(userId, TaskEvent.DELETED, taskId, title, completed, List.of(), null, at, null);
    }

    /** Nothing when the bulk delete removed nothing. */
    public Mono<Void> bulkDeleted(long userId, long count, Instant at) {
        if (count == 0) {
            return Mono.empty();
        }
        return append(userId, TaskEvent.BULK_DELETED, null, null, null, List.of(), count, at, null);
    }

    private Mono<Void> append(long userId, String type, @Nullable Long taskId, @Nullable String title,
            @Nullable Boolean completed, List<String> changed, @Nullable Long count, Instant at,
            @Nullable String taskJson) {
        return Mono.deferContextual(context -> {
            TaskEvent event = new TaskEvent(ids.next(), userId, type, taskId, title, completed, changed, count, at,
                    taskJson);
            LocalDateTime now = LocalDateTime.now(clock);
            String traceparent = traces.traceparent(context);
            return database
                .sql("INSERT INTO task_outbox (event_id, user_id, type, payload, created_at, next_attempt_at, "
                        + "traceparent) VALUES (:eventId, :userId, :type, :payload, :now, :now, :traceparent)")
                .bind("eventId", event.eventId())
                .bind("userId", userId)
                .bind("type", type)
                .bind("payload", json.writeValueAsString(event))
                .bind("now", now)
                .bind("traceparent", traceparent == null ? Parameters.in(String.class) : Parameters.in(traceparent))
                .then();
        });
    }
}
