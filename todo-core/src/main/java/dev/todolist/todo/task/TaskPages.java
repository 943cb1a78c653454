package dev.todolist.todo.task;

import java.time.LocalDateTime;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;

/**
 * The pages of a listing, the one query every {@code GET /tasks} runs, read with Spring's {@link DatabaseClient} and
 * mapped to {@link Task} by hand: Spring Data's entity converter (a row document and conversion look-ups per row)
 * took about a sixth of the CPU of a listing of 20 tasks, for six columns. Every query names the owner.
 */
@Component
class TaskPages {

    private static final String SELECT = "SELECT id, user_id, title, completed, created_at, updated_at FROM tasks";

    /** The user's tasks after {@code afterId}, oldest first (the index on user_id, id). */
    private static final String PAGE = SELECT
            + " WHERE user_id = :userId AND id > :afterId ORDER BY id LIMIT :limit OFFSET :offset";

    private static final String PAGE_BY_COMPLETED = SELECT
            + " WHERE user_id = :userId AND completed = :completed AND id > :afterId ORDER BY id LIMIT :limit OFFSET :offset";

    private final DatabaseClient db;

    TaskPages(DatabaseClient db) {
        this.db = db;
    }

    /** The user's tasks after {@code afterId} (only those with {@code completed}, when given), {@code limit} at most. */
    Flux<Task> find(long userId, @Nullable Boolean completed, long afterId, long limit, long offset) {
        DatabaseClient.GenericExecuteSpec query = db.sql(completed == null ? PAGE : PAGE_BY_COMPLETED)
            .bind("userId", userId)
            .bind("afterId", afterId)
            .bind("limit", limit)
            .bind("offset", offset);
        if (completed != null) {
            query = query.bind("completed", completed);
        }
        return query.map(TaskPages::task).all();
    }

    private static Task task(Readable row) {
        return new Task(row.get("id", Long.class), value(row, "user_id", Long.class), value(row, "title", String.class),
                value(row, "completed", Boolean.class), value(row, "created_at", LocalDateTime.class),
                value(row, "updated_at", LocalDateTime.class));
    }

    private static <T> T value(Readable row, String column, Class<T> type) {
        T value = row.get(column, type);
        if (value == null) {
            throw new IllegalStateException("tasks." + column + " is NULL");
        }
        return value;
    }
}
