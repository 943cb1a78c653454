package dev.todolist.todo.task;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.todolist.todo.trust.TrustedCaller;
import dev.todolist.http.ApiException;
import dev.todolist.todo.web.PositiveIds;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Maps HTTP to {@link TaskService}; the caller is the user the edge named in {@code X-User-ID}. */
@RestController
@RequestMapping(path = "/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
class TaskController {

    /**
     * What a route whose answer has no body produces, overriding the class's JSON: an {@code Accept} is about the
     * answer's content, and a {@code 204} has none, so it cannot make a deletion {@code 406} (problems are JSON as
     * always).
     */
    static final String ANY_ACCEPT = MediaType.ALL_VALUE;

    private final TaskService service;

    TaskController(TaskService service) {
        this.service = service;
    }

    /** The rows as a JSON array: written whole when they fit in one page, else streamed as the database gives them. */
    @GetMapping
    Mono<ResponseEntity<?>> list(@RequestAttribute(TrustedCaller.USER_ID) long userId, ServerHttpRequest request) {
        ListQuery query = ListQuery.of(request);
        return service.list(userId, query).map(listing -> ResponseEntity.ok(switch (listing) {
            case Listing.Whole whole -> whole.rows().stream().map(TaskJson::of).toList();
            case Listing.Streamed streamed -> streamed.tasks().map(TaskJson::of);
        }));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<TaskJson>> create(@RequestAttribute(TrustedCaller.USER_ID) long userId,
            @RequestBody JsonNode body) {
        String title = TaskRequests.newTitle(body);
        return service.create(userId, title).map(TaskJson::of)
            .map(task -> ResponseEntity.created(URI.create("/tasks/" + task.id())).eTag(task.etag().formattedTag())
                .body(task));
    }

    /** With the task's {@code ETag}; {@code 304} when {@code If-None-Match} names it ({@link Preconditions}). */
    @GetMapping("/{id}")
    Mono<ResponseEntity<TaskJson>> get(@RequestAttribute(TrustedCaller.USER_ID) long userId, @PathVariable String id,
            @RequestHeader HttpHeaders headers) {
        long taskId = taskId(id);
        Preconditions preconditions = Preconditions.of(headers);
        return service.get(userId, taskId).map(TaskJson::of).map(task -> {
            String etag = task.etag().formattedTag();
            return preconditions.evaluate(task, true) == Preconditions.Outcome.NOT_MODIFIED
                    ? ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).<TaskJson>build()
                    : ResponseEntity.ok().eTag(etag).body(task);
        });
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<TaskJson>> put(@RequestAttribute(TrustedCaller.USER_ID) long userId, @PathVariable String id,
            @RequestBody JsonNode body, @RequestHeader HttpHeaders headers) {
        return update(userId, id, body, headers);
    }

    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<TaskJson>> patch(@RequestAttribute(TrustedCaller.USER_ID) long userId,
            @PathVariable String id, @RequestBody JsonNode body, @RequestHeader HttpHeaders headers) {
        return update(userId, id, body, headers);
    }

    /** An answer without a body: whatever the client accepts ({@link #ANY_ACCEPT}). */
    @DeleteMapping(path = "/{id}", produces = ANY_ACCEPT)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@RequestAttribute(TrustedCaller.USER_ID) long userId, @PathVariable String id,
            @RequestHeader HttpHeaders headers) {
        long taskId = taskId(id);
        return service.delete(userId, taskId, Preconditions.of(headers));
    }

    @DeleteMapping(produces = ANY_ACCEPT)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> deleteAll(@RequestAttribute(TrustedCaller.USER_ID) long userId, ServerHttpRequest request) {
        return service.deleteAll(userId, ListQuery.deleteFilter(request)).then();
    }

    private Mono<ResponseEntity<TaskJson>> update(long userId, String id, JsonNode body, HttpHeaders headers) {
        long taskId = taskId(id);
        TaskChanges changes = TaskRequests.changes(body);
        Preconditions preconditions = Preconditions.of(headers);
        return service.update(userId, taskId, changes, preconditions).map(TaskJson::of)
            .map(task -> ResponseEntity.ok().eTag(task.etag().formattedTag()).body(task));
    }

    private static long taskId(String text) {
        Long id = PositiveIds.parse(text);
        if (id == null) {
            throw ApiException.badRequest("invalid_id", "The task id must be a positive integer.");
        }
        return id;
    }
}
