package dev.todolist.todo.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Deletes the outbox rows that are done with: sent events {@code OUTBOX_SENT_RETENTION} after they were sent, parked
 * ones {@code OUTBOX_PARKED_RETENTION} after they were written; pending events never. Every
 * {@code OUTBOX_CLEANUP_INTERVAL}, in statements of {@code OUTBOX_CLEANUP_BATCH} rows that each walk the
 * {@code (state, id)} index from the oldest row, so that a cleanup costs what it deletes, not the table's size.
 * Counted in {@code outbox.events.deleted} (tag {@code state}).
 */
@Component
class OutboxCleanup extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(OutboxCleanup.class);

    /** A state whose rows expire, and the column its retention counts from. */
    enum Expiry {
        SENT(OutboxStore.SENT, "sent_at"), PARKED(OutboxStore.PARKED, "created_at");

        final String state;

        final String since;

        Expiry(String state, String since) {
            this.state = state;
            this.since = since;
        }
    }

    private final DatabaseClient database;

    private final CleanupProperties properties;

    private final Clock clock;

    private final MeterRegistry meters;


    OutboxCleanup(DatabaseClient database, CleanupProperties properties, Clock clock,
            ObjectProvider<MeterRegistry> meters) {
        this.database = database;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
    }

    /** One cleanup: the number of rows deleted. */
    Mono<Long> removeExpired() {
        return removeExpired(Expiry.SENT, properties.sentRetention())
            .zipWith(removeExpired(Expiry.PARKED, properties.parkedRetention()), Long::sum);
    }

    private Mono<Long> removeExpired(Expiry expiry, Duration retention) {
        return Mono.defer(() -> {
            LocalDateTime before = LocalDateTime.now(clock).minus(retention);
            Counter deleted = Counter.builder("outbox.events.deleted")
                .description("Outbox rows deleted after their retention")
                .tag("state", expiry.state)
                .register(meters);
            return deleteBatch(expiry, before)
                .expand(count -> count == properties.batch() ? deleteBatch(expiry, before) : Mono.empty())
                .reduce(0L, Long::sum)
                .doOnNext(total -> {
                    deleted.increment(total);
                    if (total > 0) {
                        log.info("Outbox cleanup deleted {} {} event(s) older than {}", total, expiry.state, before);
                    }
                });
        });
    }

    /**
     * Deletes the oldest rows of the state, up to the first one still within its retention, at most a batch of
     * them; returns how many it read as expired (a full batch: there may be more).
     */
    private Mono<Long> deleteBatch(Expiry expiry, LocalDateTime before) {
        return database
            .sql("SELECT id, " + expiry.since + " AS since FROM task_outbox WHERE state = :state ORDER BY id LIMIT :batch")
            .bind("state", expiry.state)
            .bind("batch", properties.batch())
            .map(row -> new Aged(row.get("id", Long.class), row.get("since", LocalDateTime.class)))
            .all()
            .collectList()
            .map(oldest -> oldest.stream()
                .takeWhile(row -> row.since() != null && row.since().isBefore(before))
                .toList())
            .flatMap(expired -> expired.isEmpty() ? Mono.just(0L) : delete(expiry, before, expired));
    }

    private Mono<Long> delete(Expiry expiry, LocalDateTime before, List<Aged> expired) {
        return database
            .sql("DELETE FROM task_outbox WHERE state = :state AND id BETWEEN :first AND :last AND "
                    + expiry.since + " < :before")
            .bind("state", expiry.state)
            .bind("first", expired.get(0).id())
            .bind("last", expired.get(expired.size() - 1).id())
            .bind("before", before)
            .fetch()
            .rowsUpdated()
            .thenReturn((long) expired.size());
    }

    private record Aged(long id, @Nullable LocalDateTime since) {
    }

    @Override
    protected @Nullable Disposable begin() {
        if (!properties.enabled()) {
            return null;
        }
        return Mono.delay(properties.interval())
            .then(Mono.defer(this::removeExpired))
            .onErrorResume(error -> {
                log.warn("Outbox cleanup failed, next in {}: {}", properties.interval(), error.toString());
                return Mono.just(0L);
            })
            .repeat()
            .subscribe();
    }
}
