package dev.todolist.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Query parameters read as the client sent them. Spring's own reading ({@code getQueryParams()},
 * {@code @RequestParam}) takes a name without {@code =} ({@code ?limit}) for an absent parameter, and skips a part
 * whose name is empty: {@code ?=} had no parameter at all, {@code ?=completed=true} read as {@code completed=true}.
 * A filter or a limit the client meant to give was then dropped or invented without a word (a
 * {@code DELETE /tasks?completed}, then a {@code DELETE /tasks?=}, deleted every task). Here every {@code &}-separated
 * part is a parameter: its name is what comes before the first {@code =}, empty or not, and names and values are
 * decoded as Spring decodes them (UTF-8, {@code +} a space).
 */
public final class QueryParameters {

    private final Map<String, List<String>> parameters;

    private QueryParameters(Map<String, List<String>> parameters) {
        this.parameters = parameters;
    }

    /** The request's query, parsed. */
    public static QueryParameters of(ServerHttpRequest request) {
        return parse(request.getURI().getRawQuery());
    }

    static QueryParameters parse(@Nullable String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String part : rawQuery.split("&", -1)) {
                if (part.isEmpty()) {
                    continue;
                }
                int equals = part.indexOf('=');
                String name = decode(equals < 0 ? part : part.substring(0, equals));
                String value = equals < 0 ? "" : decode(part.substring(equals + 1));
                parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            }
        }
        return new QueryParameters(parameters);
    }

    /**
     * The parameter: null when absent, {@code ""} for a name without {@code =}; a repeated one is refused ({@code 400
     * validation_failed}, saying so), rather than one of its values being taken.
     */
    public static @Nullable String valueOf(ServerHttpRequest request, String name) {
        return of(request).value(name);
    }

    /** As {@link #valueOf(ServerHttpRequest, String)}, of this query. */
    public @Nullable String value(String name) {
        List<String> values = parameters.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiException.badRequest("validation_failed", name + " is given " + values.size()
                    + " times; give it once.");
        }
        return values.getFirst();
    }

    /** The names given, in their order; an empty one for a part such as {@code =1}. */
    public Set<String> names() {
        return parameters.keySet();
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            // an escape that is no escape (%zz): RequestGuard refuses such a target before any route reads it
            throw ApiException.badRequest("invalid_request", "The query has an escape that is not %XX.");
        }
    }
}
