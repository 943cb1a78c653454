package dev.todolist.edge.observability;

import java.util.Locale;
import java.util.Set;

import org.springframework.http.HttpMethod;

/**
 * A request's method as its metrics and span names show it: one of HTTP's standard methods, or {@code UNKNOWN} for
 * any other, as Spring names it in the server's metrics. A client may send any token as a method (the proxy passes it
 * on to todo-core, which refuses it), so the raw name would give every invented method a meter of its own, kept for
 * ever.
 */
final class ObservedMethods {

    static final String UNKNOWN = "UNKNOWN";

    private static final Set<HttpMethod> STANDARD = Set.of(HttpMethod.values());

    private ObservedMethods() {
    }

    static String name(HttpMethod method) {
        return STANDARD.contains(method) ? method.name() : UNKNOWN;
    }

    /** The {@code http <method>} a span is named by, in Spring's form. */
    static String spanName(HttpMethod method) {
        return "http " + name(method).toLowerCase(Locale.ROOT);
    }
}
