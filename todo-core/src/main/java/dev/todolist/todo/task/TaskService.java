package dev.todolist.todo.task;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

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

    private final Outbox outbox;

    private final JsonMapper json;

    private final Clock clock;

    TaskService(TaskRepository tasks, Outbox outbox, JsonMapper json, Clock clock) {
        this.tasks = tasks;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    Flux<Task> list(long userId, ListQuery query) {
        return RunToCompletion.all(query.completed() == null ? tasks.findPage(userId, query.limit(), query.offset())
                : tasks.findPageByCompleted(userId, query.completed(), query.limit(), query.offset()));
    }

    Mono<Task> create(long userId, String title) {
        return RunToCompletion.one(outbox.inUserTransaction(userId, Mono.defer(() -> {
            LocalDateTime now = now();
            return tasks.save(new Task(null, userId, title, false, now, now))
                .flatMap(task -> outbox.created(userId, task.id(), task.title(), task.completed(),
                        instant(task.updatedAt()), json(task)).thenReturn(task));
        })));
    }

    Mono<Task> get(long userId, long id) {
        return RunToCompletion.one(owned(userId, id));
    }

    /** The task after the change; one {@code task.updated} event naming what really changed (none if nothing). */
    Mono<Task> update(long userId, long id, TaskChanges changes) {
        return RunToCompletion.one(outbox.inUserTransaction(userId, owned(userId, id).flatMap(before -> {
            LocalDateTime now = now();
            return tasks.updateOwned(id, userId, changes.title(), changes.completed(), now)
                .then(owned(userId, id))
                .flatMap(after -> outbox.updated(userId, id, after.title(), after.completed(),
                        changed(before, after), instant(now), json(after)).thenReturn(after));
        })));
    }

    Mono<Void> delete(long userId, long id) {
        return RunToCompletion.one(outbox.inUserTransaction(userId, owned(userId, id)
            .flatMap(before -> tasks.deleteOwned(id, userId)
                .then(outbox.deleted(userId, id, before.title(), before.completed(), instant(now()))))));
    }

    /** One {@code tasks.deleted} event with the number removed (none when nothing was). */
    Mono<Long> deleteAll(long userId, Boolean completed) {
        Mono<Long> delete = Mono.defer(() -> completed == null ? tasks.deleteAllOwned(userId)
                : tasks.deleteAllOwnedByCompleted(userId, completed));
        return RunToCompletion.one(outbox.inUserTransaction(userId,
                delete.flatMap(count -> outbox.bulkDeleted(userId, count, instant(now())).thenReturn(count))));
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
