package dev.todolist.todo.task;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

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

    Flux<Task> list(long userId, ListQuery query) {
        return RunToCompletion.all(query.completed() == null ? tasks.findPage(userId, query.limit(), query.offset())
                : tasks.findPageByCompleted(userId, query.completed(), query.limit(), query.offset()));
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

    Mono<Long> deleteAll(long userId, Boolean completed) {
        return RunToCompletion.one(completed == null ? tasks.deleteAllOwned(userId)
                : tasks.deleteAllOwnedByCompleted(userId, completed));
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
    }
}
