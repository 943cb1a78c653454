package dev.todolist.todo.task;

import org.springframework.http.HttpStatus;

import dev.todolist.http.ApiException;

/** Unknown, deleted, or another user's: the same answer, so that nothing leaks whether a task exists. */
class TaskNotFoundException extends ApiException {

    TaskNotFoundException(long id) {
        super(HttpStatus.NOT_FOUND, "not_found", "Task " + id + " not found.");
    }
}
