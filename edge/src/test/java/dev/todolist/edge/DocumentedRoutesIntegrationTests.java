package dev.todolist.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.handler.AbstractUrlHandlerMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;

import dev.todolist.testsupport.TestDatabase;
import dev.todolist.testsupport.openapi.RouteCoverage;
import dev.todolist.testsupport.openapi.RouteCoverage.Route;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge's real routes against the document's paths, both ways: every route the edge answers on (its controllers,
 * Actuator's endpoints, the proxy's prefixes) is documented, and every documented operation has a route. With the
 * documentation switched on, as the stack runs it.
 */
class DocumentedRoutesIntegrationTests extends EdgeIntegrationTest {

    /** Swagger UI's static files: the page's assets, not API routes (the document says so at /swagger-ui.html). */
    static final Set<String> NOT_API_ROUTES = Set.of("/swagger-ui/swagger-initializer.js",
            "/swagger-ui/{version}/{name}");

    static final TestDatabase db = TestDatabase.create(DocumentedRoutesIntegrationTests.class);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, DocumentedRoutesIntegrationTests.class, db,
                "http://127.0.0.1:" + TodoCoreProcess.freePort());
        registry.add("API_DOCS_ENABLED", () -> "true");
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    Environment environment;

    private List<Route> servedRoutes() {
        List<Route> routes = new ArrayList<>();
        for (HandlerMapping mapping : context.getBeansOfType(HandlerMapping.class).values()) {
            if (mapping instanceof RequestMappingInfoHandlerMapping controllers) {
                RouteCoverage.routesOf(controllers).stream()
                    .filter(route -> !NOT_API_ROUTES.contains(route.pattern()))
                    .forEach(routes::add);
            }
            else if (mapping instanceof RouterFunctionMapping functions) {
                assertThat(functions.getRouterFunction()).as("router functions, which this test cannot read").isNull();
            }
            else if (mapping instanceof AbstractUrlHandlerMapping urls) {
                assertThat(urls.getHandlerMap()).as("URL handler mappings, which this test cannot read").isEmpty();
            }
            else if (!mapping.getClass().getName().endsWith("$EmptyHandlerMapping")) {
                // WebFlux's EmptyHandlerMapping stands for the static resources, switched off: it matches nothing
                throw new AssertionError("A handler mapping this test cannot read: " + mapping.getClass());
            }
        }
        Binder.get(environment).bind("edge.proxy.routes", Bindable.listOf(Map.class)).get()
            .forEach(route -> routes.add(Route.prefix((String) route.get("prefix"))));
        return routes;
    }

    @Test
    void everyRouteTheEdgeAnswersOnIsDocumented() {
        List<Route> served = servedRoutes();
        assertThat(served).as("the routes found").extracting(Route::pattern)
            .contains("/auth/login", "/health", "/v3/api-docs", "/tasks");
        assertThat(RouteCoverage.missing(contract, served)).as("routes the edge answers on that the document lacks")
            .isEmpty();
    }

    @Test
    void everyDocumentedOperationHasARoute() {
        List<Route> served = servedRoutes();
        List<String> unserved = new ArrayList<>();
        contract.documentedRoutes().forEach((path, methods) -> {
            for (String method : methods) {
                if (served.stream().noneMatch(route -> serves(route, method, path))) {
                    unserved.add(method + " " + path);
                }
            }
        });
        assertThat(unserved).as("documented operations the edge has no route for").isEmpty();
    }

    /** Whether the route answers METHOD on the document's path template (HEAD is answered by every GET route). */
    private static boolean serves(Route route, String method, String path) {
        String template = withoutVariableNames(path);
        String pattern = withoutVariableNames(route.pattern());
        boolean methodServed = route.method() == null || route.method().equals(method)
                || (method.equals("HEAD") && route.method().equals("GET"));
        if (route.prefix()) {
            return template.equals(pattern) || template.startsWith(pattern + "/");
        }
        if (pattern.endsWith("/**") || pattern.contains("{*")) {
            String under = pattern.endsWith("/**") ? pattern.substring(0, pattern.length() - 3)
                    : pattern.substring(0, pattern.indexOf("{*") - 1);
            return methodServed && (template.equals(under) || template.startsWith(under + "/"));
        }
        return methodServed && template.equals(pattern);
    }

    /** {@code /tasks/{id}} and {@code /tasks/{taskId:[0-9]+}} alike as {@code /tasks/{}}; catch-alls kept. */
    private static String withoutVariableNames(String pattern) {
        return pattern.replaceAll("\\{(?!\\*)[^}]*}", "{}");
    }
}
