package dev.todolist.edge.observability;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Names a request the edge answered before routing it (a refusal of its filters: no token, a revoked one, the
 * revocation check failing) by the route template it asked for, taken from the controllers' own mappings, so that
 * its metrics and span say {@code /notifications/unread-count} instead of Spring's {@code UNKNOWN}. A path that no
 * template matches keeps Spring's name ({@code UNKNOWN}, {@code NOT_FOUND}): the label stays bounded. The proxied
 * routes name themselves ({@code ProxyFilter}).
 */
@Component
class RouteTemplates {

    private final ObjectProvider<RequestMappingHandlerMapping> mappings;

    /** Read from the mappings at the first refusal (none in a context without WebFlux's mappings). */
    private volatile @Nullable List<PathPattern> templates;

    RouteTemplates(@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings) {
        this.mappings = mappings;
    }

    /** Gives the request's observation the template its path matches, if it has none yet. */
    void nameIfUnrouted(ServerWebExchange exchange) {
        ServerRequestObservationContext.findCurrent(exchange.getAttributes())
            .filter(observation -> observation.getPathPattern() == null)
            .ifPresent(observation -> {
                PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
                for (PathPattern template : templates()) {
                    if (template.matches(path)) {
                        observation.setPathPattern(template.getPatternString());
                        return;
                    }
                }
            });
    }

    private List<PathPattern> templates() {
        List<PathPattern> known = templates;
        if (known == null) {
            RequestMappingHandlerMapping mapping = mappings.getIfAvailable();
            known = mapping == null ? List.of() : mapping.getHandlerMethods()
                .keySet()
                .stream()
                .flatMap(info -> info.getPatternsCondition().getPatterns().stream())
                .distinct()
                .sorted(PathPattern.SPECIFICITY_COMPARATOR)
                .toList();
            templates = known; // computed once or twice, the same either way
        }
        return known;
    }
}
