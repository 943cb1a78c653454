package dev.todolist.todo.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How often the outbox's backlog gauges are measured ({@code todo.outbox.backlog.interval},
 * {@code OUTBOX_BACKLOG_INTERVAL}; the default in application.yaml).
 */
@ConfigurationProperties("todo.outbox.backlog")
public record BacklogProperties(Duration interval) {

    public BacklogProperties {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("OUTBOX_BACKLOG_INTERVAL must be positive.");
        }
    }
}
