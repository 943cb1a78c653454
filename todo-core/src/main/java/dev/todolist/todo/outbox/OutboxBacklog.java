package dev.todolist.todo.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;

import io.micrometer.core.instrument.Gauge;
import org.jspecify.annotations.Nullable;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The outbox's backlog as two gauges, {@code outbox.backlog} (pending events) and {@code outbox.oldest.age}
 * (seconds since the oldest pending event was written; 0 when none is pending), read from one cheap query
 * (the {@code (state, id)} index) every {@code OUTBOX_BACKLOG_INTERVAL} and cached: a scrape never touches the
 * database. When the query fails, the last values stay and the failure is logged once per failing streak; the next
 * measurement comes an interval later all the same. One the database does not answer waits for it (a hung database:
 * the gauges keep their last values meanwhile), as every query of todo-core does, never cancelled: a query cancelled
 * mid-way left r2dbc-mysql connections that never ran another one ({@code task.DatabaseWork}).
 */
@Component
class OutboxBacklog extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(OutboxBacklog.class);

    private final DatabaseClient database;

    private final Clock clock;

    private final Duration interval;

    private volatile long pending;

    private volatile @Nullable LocalDateTime oldest;

    private volatile boolean failing;


    OutboxBacklog(DatabaseClient database, Clock clock, MeterRegistry meters, BacklogProperties properties) {
        this.database = database;
        this.clock = clock;
        this.interval = properties.interval();
        Gauge.builder("outbox.backlog", this, backlog -> backlog.pending)
            .description("Outbox events waiting to be published")
            .register(meters);
        Gauge.builder("outbox.oldest.age", this, OutboxBacklog::oldestAgeSeconds)
            .description("Seconds since the oldest pending outbox event was written")
            .baseUnit("seconds")
            .register(meters);
    }

    private double oldestAgeSeconds() {
        LocalDateTime first = oldest;
        return first == null ? 0 : Math.max(0, Duration.between(first, LocalDateTime.now(clock)).toMillis() / 1000.0);
    }

    /** One measurement; it never fails (a failure keeps the last values). */
    Mono<Void> refresh() {
        return Mono.defer(() -> database.sql("SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM task_outbox "
                + "WHERE state = '" + OutboxStore.PENDING + "'")
            .map(row -> {
                Number count = row.get("pending", Number.class);
                pending = count == null ? 0 : count.longValue();
                oldest = row.get("oldest", LocalDateTime.class);
                return pending;
            })
            .one())
            .doOnSuccess(ok -> failing = false)
            .onErrorResume(error -> {
                if (!failing) {
                    log.warn("Outbox backlog not measured, the gauges keep their last values: {}", error.toString());
                }
                failing = true;
                return Mono.empty();
            })
            .then();
    }

    @Override
    protected Disposable begin() {
        // a measurement, then a pause of the interval, again: nothing queues up behind a measurement that hangs. On
        // a fixed schedule (Flux.interval) a database that hung for two intervals overflowed the schedule, which
        // ended the loop for good and froze the gauges until a restart; refresh() never fails, so nothing else can.
        return refresh().then(Mono.delay(interval)).repeat().subscribe();
    }
}
