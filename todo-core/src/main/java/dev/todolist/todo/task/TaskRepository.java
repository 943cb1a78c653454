package dev.todolist.todo.task;

import java.time.LocalDateTime;

import org.jspecify.annotations.Nullable;
import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

import reactor.core.publisher.Mono;

/**
 * Every query names the owner, so no task of one user is ever read or changed for another. Spring Data checks the
 * package's null-marking at run time: a parameter that may be null says so.
 */
interface TaskRepository extends ReactiveCrudRepository<Task, Long> {

    Mono<Task> findByIdAndUserId(long id, long userId);

    @Modifying
    @Query("UPDATE tasks SET title = COALESCE(:title, title), completed = COALESCE(:completed, completed), "
            + "updated_at = :now WHERE id = :id AND user_id = :userId")
    Mono<Long> updateOwned(long id, long userId, @Nullable String title, @Nullable Boolean completed,
            LocalDateTime now);

    @Modifying
    @Query("DELETE FROM tasks WHERE id = :id AND user_id = :userId")
    Mono<Long> deleteOwned(long id, long userId);

    @Modifying
    @Query("DELETE FROM tasks WHERE user_id = :userId")
    Mono<Long> deleteAllOwned(long userId);

    @Modifying
    @Query("DELETE FROM tasks WHERE user_id = :userId AND completed = :completed")
    Mono<Long> deleteAllOwnedByCompleted(long userId, boolean completed);
}
