package dev.todolist.testsupport.openapi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Which routes a server answers on that the document lacks. A server's routes come from its handler mappings
 * (controllers and Actuator's endpoints: {@link #routesOf(RequestMappingInfoHandlerMapping)}) and from prefixes
 * it serves by other means (a proxy filter: {@link Route#prefix(String)}).
 *
 * <p>Patterns are compared with their variables' names ignored ({@code /tasks/{taskId}} is the document's
 * {@code /tasks/{id}}). A catch-all ({@code /actuator/health/{*path}}, {@code /tasks/**}) and a prefix route are
 * covered when the document has a path under them offering the route's method; one of every path ({@code /**}) never
 * is. A route that declares no method is covered by any method the document gives its path. {@code HEAD} and
 * {@code OPTIONS} need no entry of their own: the framework answers them for every {@code GET} route and for every
 * path (CORS).
 */
public final class RouteCoverage {

    private RouteCoverage() {
    }

    /**
     * A route a server answers on.
     *
     * @param method the method, upper case, or {@code null} for every method
     * @param pattern a path pattern, or a prefix when {@code prefix} is true
     * @param prefix whether everything under {@code pattern} is served (a proxy route)
     */
    public record Route(@Nullable String method, String pattern, boolean prefix) {

        public static Route of(String method, String pattern) {
            return new Route(method.toUpperCase(Locale.ROOT), pattern, false);
        }

        /** Every method on this path and everything under it. */
        public static Route prefix(String prefix) {
            return new Route(null, prefix, true);
        }

        @Override
        public String toString() {
            return (method == null ? "*" : method) + " " + pattern + (prefix ? "/**" : "");
        }
    }

    /** The routes of a handler mapping: every pattern with every method its mapping declares. */
    public static List<Route> routesOf(RequestMappingInfoHandlerMapping mapping) {
        List<Route> routes = new ArrayList<>();
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                if (methods.isEmpty()) {
                    routes.add(new Route(null, pattern.getPatternString(), false));
                }
                for (RequestMethod method : methods) {
                    routes.add(Route.of(method.name(), pattern.getPatternString()));
                }
            }
        }
        return routes;
    }

    /** The routes the server answers on that {@code contract}'s document lacks, in the order given. */
    public static List<Route> missing(ApiContract contract, Collection<Route> served) {
        return missing(contract.documentedRoutes(), served);
    }

    /** The routes the server answers on that are not in {@code documented} (path template → methods). */
    static List<Route> missing(Map<String, Set<String>> documented, Collection<Route> served) {
        Set<Route> result = new LinkedHashSet<>();
        for (Route route : served) {
            if (route.method() != null && Set.of("HEAD", "OPTIONS").contains(route.method())) {
                continue;
            }
            Predicate<String> pathCovers = coveringPaths(route);
            boolean covered = !atTheRoot(route) && documented.entrySet()
                .stream()
                .anyMatch(entry -> pathCovers.test(entry.getKey())
                        && (route.method() == null || entry.getValue().contains(route.method())));
            if (!covered) {
                result.add(route);
            }
        }
        return List.copyOf(result);
    }

    /** A catch-all of every path ({@code /**}, {@code /{*rest}}): whatever the document has, it is not that. */
    private static boolean atTheRoot(Route route) {
        String pattern = route.pattern();
        return pattern.equals("/**") || pattern.startsWith("/{*") || route.prefix() && normalised(pattern).equals("");
    }

    /** Which document paths stand for this route. */
    private static Predicate<String> coveringPaths(Route route) {
        String pattern = route.pattern();
        if (route.prefix()) {
            String prefix = normalised(pattern);
            return path -> normalised(path).equals(prefix) || normalised(path).startsWith(prefix + "/");
        }
        int catchAll = pattern.contains("{*") ? pattern.indexOf("{*") : pattern.endsWith("/**")
                ? pattern.length() - 2 : -1;
        if (catchAll >= 0) {
            String under = normalised(pattern.substring(0, catchAll));
            String withoutSlash = under.endsWith("/") ? under.substring(0, under.length() - 1) : under;
            return path -> normalised(path).startsWith(under) || normalised(path).equals(withoutSlash);
        }
        String exact = normalised(pattern);
        return path -> normalised(path).equals(exact);
    }

    /** The pattern with every variable written {@code {}} (names and regular expressions dropped). */
    private static String normalised(String pattern) {
        StringBuilder out = new StringBuilder(pattern.length());
        int depth = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '{') {
                if (depth++ == 0) {
                    out.append("{}");
                }
            }
            else if (c == '}') {
                depth--;
            }
            else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
