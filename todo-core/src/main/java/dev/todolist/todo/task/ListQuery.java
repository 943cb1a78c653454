package dev.todolist.todo.task;

import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;

import dev.todolist.http.ApiException;
import dev.todolist.http.QueryParameters;

/** {@code ?completed=&limit=&offset=} of a listing, validated. */
record ListQuery(@Nullable Boolean completed, long limit, long offset) {

    static final int MAX_LIMIT = 1000;

    /** No limit given: everything (the rows stream, so a long list is never held whole). */
    static final long UNLIMITED = Long.MAX_VALUE;

    static ListQuery of(ServerHttpRequest request) {
        QueryParameters query = QueryParameters.of(request);
        return of(query.value("completed"), query.value("limit"), query.value("offset"));
    }

    static ListQuery of(@Nullable String completed, @Nullable String limit, @Nullable String offset) {
        return new ListQuery(completedFilter(completed), number("limit", limit, 1, MAX_LIMIT, UNLIMITED),
                number("offset", offset, 0, Long.MAX_VALUE, 0));
    }

    /**
     * The filter of a bulk {@code DELETE /tasks}: {@code ?completed=} only. Any other parameter is refused: one the
     * listing takes ({@code ?limit=1}) would otherwise be dropped, and the delete widened to every task.
     */
    static @Nullable Boolean deleteFilter(ServerHttpRequest request) {
        QueryParameters query = QueryParameters.of(request);
        for (String name : query.names()) {
            if (!name.equals("completed")) {
                throw ApiException.badRequest("validation_failed", "DELETE /tasks takes only ?completed=true or false; "
                        + (name.isEmpty() ? "a parameter without a name" : name) + " is not one of its parameters.");
            }
        }
        return completedFilter(query.value("completed"));
    }

    static @Nullable Boolean completedFilter(@Nullable String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ApiException.badRequest("validation_failed", "completed must be true or false.");
        };
    }

    private static long number(String name, @Nullable String value, long min, long max, long absent) {
        if (value == null) {
            return absent;
        }
        String message = name + " must be an integer from " + min + " to " + (max == Long.MAX_VALUE ? "2^63-1" : max) + ".";
        if (value.isEmpty() || value.length() > 19 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiException.badRequest("validation_failed", message);
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < min || parsed > max) {
                throw ApiException.badRequest("validation_failed", message);
            }
            return parsed;
        }
        catch (NumberFormatException ex) {
            throw ApiException.badRequest("validation_failed", message);
        }
    }
}
