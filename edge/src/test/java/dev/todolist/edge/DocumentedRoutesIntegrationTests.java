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
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.handler.AbstractUrlHandlerMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;

import dev.todolist.http.ServerPortHealth;
import dev.todolist.testsupport.TestDatabase;
import dev.todolist.testsupport.openapi.RouteCoverage;
import dev.todolist.testsupport.openapi.RouteCoverage.Route;
import reactor.core.publisher.Mono;

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
            else if (mapping instanceof RouterFunctionMapping functions && functions.getRouterFunction() != null) {
                functions.getRouterFunction().accept(new RouterFunctionRoutes(routes));
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

    /**
     * The routes of router functions (such as http-support's {@code ServerPortHealth}), read through Spring's
     * visitors: each route's method and path predicates. Anything else in a predicate fails the test rather than
     * being read as a route it is not.
     */
    static final class RouterFunctionRoutes implements RouterFunctions.Visitor, RequestPredicates.Visitor {

        private final List<Route> routes;

        private final List<String> methods = new ArrayList<>();

        private @org.jspecify.annotations.Nullable String path;

        /** The next route answers only the methods its path's other routes do not offer (ServerPortHealth). */
        private boolean otherMethods;

        RouterFunctionRoutes(List<Route> routes) {
            this.routes = routes;
        }

        @Override
        public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
            if (otherMethods) { // answers only what the path's other routes do not offer: 405, and OPTIONS
                otherMethods = false;
                return;
            }
            methods.clear();
            path = null;
            predicate.accept(this);
            assertThat(path).as("the path of router function route %s", predicate).isNotNull();
            assertThat(methods).as("the methods of router function route %s", predicate).isNotEmpty();
            methods.forEach(method -> routes.add(Route.of(method, path)));
        }

        @Override
        public void method(Set<HttpMethod> httpMethods) {
            httpMethods.forEach(method -> methods.add(method.name()));
        }

        @Override
        public void path(String pattern) {
            path = pattern;
        }

        @Override
        public void startNested(RequestPredicate predicate) {
            throw new AssertionError("a nested router function, which this test cannot read: " + predicate);
        }

        @Override
        public void endNested(RequestPredicate predicate) {
        }

        @Override
        public void resources(java.util.function.Function<ServerRequest, Mono<Resource>> lookupFunction) {
            throw new AssertionError("router function resources, which this test cannot read");
        }

        @Override
        public void attributes(Map<String, Object> attributes) {
            otherMethods = Boolean.TRUE.equals(attributes.get(ServerPortHealth.OTHER_METHODS));
        }

        @Override
        public void unknown(RouterFunction<?> routerFunction) {
            throw new AssertionError("a router function this test cannot read: " + routerFunction);
        }

        @Override
        public void pathExtension(String extension) {
            throw new AssertionError("a path extension predicate: " + extension);
        }

        @Override
        public void header(String name, String value) {
        }

        @Override
        public void queryParam(String name, String value) {
        }

        @Override
        public void version(String version) {
        }

        @Override
        public void startAnd() {
        }

        @Override
        public void and() {
        }

        @Override
        public void endAnd() {
        }

        @Override
        public void startOr() {
            throw new AssertionError("an 'or' predicate, which this test cannot read");
        }

        @Override
        public void or() {
        }

        @Override
        public void endOr() {
        }

        @Override
        public void startNegate() {
            throw new AssertionError("a negated predicate, which this test cannot read");
        }

        @Override
        public void endNegate() {
        }

        @Override
        public void unknown(RequestPredicate predicate) {
            throw new AssertionError("a request predicate this test cannot read: " + predicate);
        }
    }
}
