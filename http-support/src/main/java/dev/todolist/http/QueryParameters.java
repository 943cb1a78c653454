package dev.todolist.http;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Query parameters read as the client sent them, where {@code @RequestParam} reads a name without {@code =}
 * ({@code ?limit}) as an absent parameter: a filter or a limit the client meant to give would then be dropped
 * without a word (a {@code DELETE /tasks?completed} deleted every task).
 */
public final class QueryParameters {

    private QueryParameters() {
    }

    /**
     * The parameter: null when absent, {@code ""} for a name without {@code =}, its values joined with commas when
     * it is repeated (so that a validation refuses them, rather than one of them being taken).
     */
    public static @Nullable String valueOf(ServerHttpRequest request, String name) {
        List<String> values = request.getQueryParams().get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        return values.stream().map(value -> value == null ? "" : value).collect(Collectors.joining(","));
    }
}
