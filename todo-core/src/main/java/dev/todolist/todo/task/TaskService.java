package dev.todolist.todo.task;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import dev.todolist.todo.outbox.Outbox;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules of tasks: each belongs to one user, who alone sees and changes it. Every change runs in one
 * transaction with its outbox event ({@link Outbox}).
 */
@Service
class TaskService {

    private final TaskRepository tasks;

    private final TaskPages pages;

    private final Outbox outbox;

    private final JsonMapper json;

    private final Clock clock;

    private final DatabaseWork work;

    TaskService(TaskRepository tasks, TaskPages pages, Outbox outbox, JsonMapper json, Clock clock,
            DatabaseWork work) {
        this.tasks = tasks;
        this.pages = pages;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.work = work;
    }

    /**
     * The user's tasks: whole when the first page holds them all ({@link Listing}), else read in pages of
     * {@link ListingPage#SIZE} rows as the client takes them: a slow or stalled
     * reader holds at most three pages here (the one being written, the next, and the one after it being read),
     * whatever the list's length, and no database connection while it does not read. A page is read whole even if
     * the client leaves (see {@link DatabaseWork}). Rows are read by id, so a long list is not one snapshot: a
     * task created or deleted while it streams may or may not be in it.
     */
    Mono<Listing> list(long userId, ListQuery query) {
        return page(userId, query.completed(), ListingPage.first(query)).map(first -> first.next() == null
                ? new Listing.Whole(first.rows())
                : new Listing.Streamed(Mono.just(first)
                    .expand(page -> page.next() == null ? Mono.empty() : page(userId, query.completed(), page.next()))
                    .concatMapIterable(ListingPage::rows, 1)));
    }

    private Mono<ListingPage> page(long userId, @Nullable Boolean completed, ListingPage.Cursor cursor) {
        long size = cursor.pageSize();
        Flux<Task> rows = pages.find(userId, completed, cursor.afterId(), size, cursor.offset());
        return work.read(rows.collectList()).map(read -> ListingPage.of(read, cursor));
    }

    Mono<Task> create(long userId, String title) {
        return work.change(commit -> outbox.inUserTransaction(userId, Mono.defer(() -> {
            LocalDateTime now = now();
            return tasks.save(new Task(null, userId, title, false, now, now))
                .flatMap(task -> outbox.created(userId, task.id(), task.title(), task.completed(),
                        instant(task.updatedAt()), json(task)).thenReturn(task));
        }), commit));
    }

    Mono<Task> get(long userId, long id) {
        return work.read(owned(userId, id));
    }

    /** The task after the change; one {@code task.updated} event naming what really changed (none if nothing). */
    Mono<Task> update(long userId, long id, TaskChanges changes, Preconditions preconditions) {
        return work.change(commit -> outbox.inUserTransaction(userId, owned(userId, id).flatMap(before -> {
            preconditions.evaluate(TaskJson.of(before), false);
            LocalDateTime now = now();
            return tasks.updateOwned(id, userId, changes.title(), changes.completed(), now)
                .then(owned(userId, id))
                .flatMap(after -> outbox.updated(userId, id, after.title(), after.completed(),
                        changed(before, after), instant(now), json(after)).thenReturn(after));
        }), commit));
    }

    Mono<Void> delete(long userId, long id, Preconditions preconditions) {
        return work.change(commit -> outbox.inUserTransaction(userId, owned(userId, id)
            .doOnNext(before -> preconditions.evaluate(TaskJson.of(before), false))
            .flatMap(before -> tasks.deleteOwned(id, userId)
                .then(outbox.deleted(userId, id, before.title(), before.completed(), instant(now())))), commit));
    }

    /** One {@code tasks.deleted} event with the number removed (none when nothing was). */
    Mono<Long> deleteAll(long userId, @Nullable Boolean completed) {
        Mono<Long> delete = Mono.defer(() -> completed == null ? tasks.deleteAllOwned(userId)
                : tasks.deleteAllOwnedByCompleted(userId, completed));
        return work.change(commit -> outbox.inUserTransaction(userId,
                delete.flatMap(count -> outbox.bulkDeleted(userId, count, instant(now())).thenReturn(count)), commit));
    }

    private Mono<Task> owned(long userId, long id) {
        return tasks.findByIdAndUserId(id, userId).switchIfEmpty(Mono.error(() -> new TaskNotFoundException(id)));
    }

    private static List<String> changed(Task before, Task after) {
        List<String> changed = new ArrayList<>(2);
        if (!before.title().equals(after.title())) {
            changed.add("title");
        }
        if (before.completed() != after.completed()) {
            changed.add("completed");
        }
        return changed;
    }

    private String json(Task task) {
        return json.writeValueAsString(TaskJson.of(task));
    }

    private static Instant instant(LocalDateTime utc) {
        return utc.toInstant(ZoneOffset.UTC);
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
    }
}
