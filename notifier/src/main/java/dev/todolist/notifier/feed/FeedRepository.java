package dev.todolist.notifier.feed;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

/**
 * The feed's table, {@code notifications}. Every statement names the user, so no row of one user is read or changed
 * for another. Results are collected whole (a page is at most a few hundred rows): a cancelled half-read result
 * set is what left r2dbc-mysql's pooled connections unusable in todo-core ({@code DatabaseWork} there).
 */
@Repository
class FeedRepository {

    private static final String COLUMNS = "id, user_id, type, task_id, title, completed, changed, count, at, is_read, "
            + "task_json";

    private final DatabaseClient database;

    FeedRepository(DatabaseClient database) {
        this.database = database;
    }

    /** Stores the row; the stored id, or {@link Inserted#duplicate()} with the first row's id for a known event. */
    Mono<Inserted> insert(String eventId, long sequence, StoredNotification row) {
        DatabaseClient.GenericExecuteSpec insert = database
            .sql("INSERT INTO notifications (user_id, event_id, sequence, type, task_id, title, completed, changed, "
                    + "count, at, task_json) VALUES (:userId, :eventId, :sequence, :type, :taskId, :title, "
                    + ":completed, :changed, :count, :at, :taskJson)")
            .bind("userId", row.userId())
            .bind("eventId", eventId)
            .bind("sequence", sequence)
            .bind("type", row.type())
            .bind("changed", String.join(",", row.changed()))
            .bind("at", LocalDateTime.ofInstant(row.at(), ZoneOffset.UTC));
        insert = bindNullable(insert, "taskId", row.taskId(), Long.class);
        insert = bindNullable(insert, "title", row.title(), String.class);
        insert = bindNullable(insert, "completed", row.completed(), Boolean.class);
        insert = bindNullable(insert, "count", row.count(), Integer.class);
        insert = bindNullable(insert, "taskJson", row.taskJson(), String.class);
        Mono<Inserted> stored = insert.filter(statement -> statement.returnGeneratedValues("id"))
            .map(generated -> new Inserted(number(generated, "id"), false))
            .one();
        return stored.onErrorResume(DataIntegrityViolationException.class,
                duplicate -> findIdByEventId(eventId).map(id -> new Inserted(id, true))
                    .switchIfEmpty(Mono.error(duplicate)));
    }

    Mono<Long> findIdByEventId(String eventId) {
        return database.sql("SELECT id FROM notifications WHERE event_id = :eventId")
            .bind("eventId", eventId)
            .map(found -> number(found, "id"))
            .one();
    }

    /** At most {@code limit} of the user's rows, newest first, with ids below {@code beforeId}. */
    Mono<List<StoredNotification>> newestBefore(long userId, long beforeId, int limit) {
        return database
            .sql("SELECT " + COLUMNS + " FROM notifications WHERE user_id = :userId AND id < :beforeId "
                    + "ORDER BY id DESC LIMIT :limit")
            .bind("userId", userId)
            .bind("beforeId", beforeId)
            .bind("limit", limit)
            .map(FeedRepository::notification)
            .all()
            .collectList();
    }

    /** At most {@code limit} of the user's rows, oldest first, with ids above {@code afterId}. */
    Mono<List<StoredNotification>> oldestAfter(long userId, long afterId, int limit) {
        return database
            .sql("SELECT " + COLUMNS + " FROM notifications WHERE user_id = :userId AND id > :afterId "
                    + "ORDER BY id LIMIT :limit")
            .bind("userId", userId)
            .bind("afterId", afterId)
            .bind("limit", limit)
            .map(FeedRepository::notification)
            .all()
            .collectList();
    }

    Mono<Long> countUnread(long userId) {
        return database.sql("SELECT COUNT(*) AS unread FROM notifications WHERE user_id = :userId AND is_read = FALSE")
            .bind("userId", userId)
            .map(counted -> number(counted, "unread"))
            .one();
    }

    /** Marks the user's rows up to and including {@code upToId} read; how many were unread. */
    Mono<Long> markRead(long userId, long upToId) {
        return database
            .sql("UPDATE notifications SET is_read = TRUE WHERE user_id = :userId AND id <= :upToId "
                    + "AND is_read = FALSE")
            .bind("userId", userId)
            .bind("upToId", upToId)
            .fetch()
            .rowsUpdated();
    }

    private static <T> DatabaseClient.GenericExecuteSpec bindNullable(DatabaseClient.GenericExecuteSpec spec,
            String name, @Nullable T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    private static long number(Readable row, String column) {
        Number value = row.get(column, Number.class);
        if (value == null) {
            throw new IllegalStateException(column + " is NULL");
        }
        return value.longValue();
    }

    private static StoredNotification notification(Readable row) {
        String changed = row.get("changed", String.class);
        LocalDateTime at = row.get("at", LocalDateTime.class);
        Boolean read = row.get("is_read", Boolean.class);
        if (at == null || read == null) {
            throw new IllegalStateException("notification row without at or is_read");
        }
        return new StoredNotification(number(row, "id"), number(row, "user_id"), String.valueOf(row.get("type", String.class)),
                row.get("task_id", Long.class), row.get("title", String.class), row.get("completed", Boolean.class),
                changed == null || changed.isEmpty() ? List.of() : Arrays.asList(changed.split(",")),
                row.get("count", Integer.class), at.toInstant(ZoneOffset.UTC), read, row.get("task_json", String.class));
    }

    /** The row's id, and whether the event had been stored before. */
    record Inserted(long id, boolean duplicate) {
    }
}
