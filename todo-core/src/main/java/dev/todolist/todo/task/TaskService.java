package dev.todolist.todo.task;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The rules of tasks: each belongs to one user, who alone sees and changes it. */
@Service
class TaskService {

    private final TaskRepository tasks;

    private final Clock clock;

    TaskService(TaskRepository tasks, Clock clock) {
        this.tasks = tasks;
        this.clock = clock;
    }

    /**
     * The user's tasks, read in pages of {@link ListingPage#SIZE} rows as the client takes them: a slow or stalled
     * reader holds at most three pages here (the one being written, the next, and the one after it being read),
     * whatever the list's length, and no database connection while it does not read. A page is read whole even if
     * the client leaves (see {@link RunToCompletion}). Rows are read by id, so a long list is not one snapshot: a
     * task created or deleted while it streams may or may not be in it.
     */
    Flux<Task> list(long userId, ListQuery query) {
        return page(userId, query.completed(), ListingPage.first(query))
            .expand(page -> page.next() == null ? Mono.empty() : page(userId, query.completed(), page.next()))
            .concatMapIterable(ListingPage::rows, 1);
    }

    private Mono<ListingPage> page(long userId, @Nullable Boolean completed, ListingPage.Cursor cursor) {
        long size = cursor.pageSize();
        Flux<Task> rows = completed == null ? tasks.findPage(userId, cursor.afterId(), size, cursor.offset())
                : tasks.findPageByCompleted(userId, completed, cursor.afterId(), size, cursor.offset());
        return RunToCompletion.one(rows.collectList()).map(read -> ListingPage.of(read, cursor));
    }

    Mono<Task> create(long userId, String title) {
        LocalDateTime now = now();
        return RunToCompletion.one(tasks.save(new Task(null, userId, title, false, now, now)));
    }

    Mono<Task> get(long userId, long id) {
        return RunToCompletion.one(tasks.findByIdAndUserId(id, userId))
            .switchIfEmpty(Mono.error(() -> new TaskNotFoundException(id)));
    }

    Mono<Task> update(long userId, long id, TaskChanges changes) {
        return RunToCompletion.one(tasks.updateOwned(id, userId, changes.title(), changes.completed(), now()))
            .then(get(userId, id));
    }

    Mono<Void> delete(long userId, long id) {
        return RunToCompletion.one(tasks.deleteOwned(id, userId))
            .flatMap(deleted -> deleted > 0 ? Mono.<Void>empty() : Mono.error(new TaskNotFoundException(id)));
    }

    Mono<Long> deleteAll(long userId, @Nullable Boolean completed) {
        return RunToCompletion.one(completed == null ? tasks.deleteAllOwned(userId)
                : tasks.deleteAllOwnedByCompleted(userId, completed));
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
    }
}
