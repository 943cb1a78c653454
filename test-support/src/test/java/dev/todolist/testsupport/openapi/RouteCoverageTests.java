package dev.todolist.testsupport.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import dev.todolist.testsupport.openapi.RouteCoverage.Route;

/** The routes a server answers on that the document lacks. */
class RouteCoverageTests {

    private static final ApiContract contract = ApiContract.load();

    @RestController
    static class Routes {

        @GetMapping("/health")
        String health() {
            return "ok";
        }

        @PostMapping({ "/auth/login", "/auth/impersonate" })
        String login() {
            return "";
        }

        @GetMapping("/tasks/{taskId:[0-9]+}")
        String task() {
            return "";
        }

        @RequestMapping("/notifications/read")
        String anyMethod() {
            return "";
        }

        @GetMapping("/actuator/health/{*path}")
        String probe() {
            return "";
        }

        @PostMapping("/health")
        String postHealth() {
            return "";
        }
    }

    private static List<Route> servedByTheRoutesController() {
        StaticApplicationContext context = new StaticApplicationContext();
        context.registerBean(Routes.class);
        context.refresh();
        RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping();
        mapping.setApplicationContext(context);
        mapping.afterPropertiesSet();
        return RouteCoverage.routesOf(mapping);
    }

    @Test
    void aControllersMappingsAreReadWithTheirMethods() {
        assertThat(servedByTheRoutesController()).extracting(Route::toString)
            .contains("GET /health", "POST /auth/login", "POST /auth/impersonate", "GET /tasks/{taskId:[0-9]+}",
                    "* /notifications/read", "GET /actuator/health/{*path}", "POST /health");
    }

    @Test
    void routesAndMethodsTheDocumentLacksAreListedAndNothingElse() {
        assertThat(RouteCoverage.missing(contract, servedByTheRoutesController())).extracting(Route::toString)
            .containsExactlyInAnyOrder("POST /auth/impersonate", "POST /health");
    }

    @Test
    void aProxiedPrefixIsCoveredWhenTheDocumentHasAPathUnderIt() {
        List<Route> served = new ArrayList<>(List.of(Route.prefix("/tasks"), Route.prefix("/internal")));
        assertThat(RouteCoverage.missing(contract, served)).extracting(Route::toString)
            .containsExactly("* /internal/**");
    }

    @Test
    void headAndOptionsNeedNoEntryOfTheirOwn() {
        assertThat(RouteCoverage.missing(contract, List.of(Route.of("HEAD", "/notifications"),
                Route.of("OPTIONS", "/anything")))).isEmpty();
    }

    @Test
    void variablesMatchWhateverTheirNames() {
        Map<String, java.util.Set<String>> documented = Map.of("/tasks/{id}", java.util.Set.of("GET"));
        assertThat(RouteCoverage.missing(documented, List.of(Route.of("GET", "/tasks/{taskId}")))).isEmpty();
        assertThat(RouteCoverage.missing(documented, List.of(Route.of("GET", "/tasks/{taskId}/notes"))))
            .hasSize(1);
        assertThat(RouteCoverage.missing(documented, List.of(Route.of("DELETE", "/tasks/{taskId}"))))
            .hasSize(1);
    }

    @Test
    void aCatchAllIsCoveredOnlyForTheMethodsTheDocumentGivesUnderIt() {
        Map<String, java.util.Set<String>> documented = Map.of("/tasks/{id}", java.util.Set.of("GET"),
                "/health", java.util.Set.of("GET"));
        assertThat(RouteCoverage.missing(documented, List.of(Route.of("GET", "/tasks/**")))).isEmpty();
        assertThat(RouteCoverage.missing(documented, List.of(Route.of("POST", "/tasks/**"),
                Route.of("DELETE", "/health/{*rest}")))).extracting(Route::toString)
            .containsExactly("POST /tasks/**", "DELETE /health/{*rest}");
        // one that catches every path is not what any document path stands for
        assertThat(RouteCoverage.missing(documented, List.of(Route.of("GET", "/**"), Route.of("GET", "/{*rest}"))))
            .hasSize(2);
    }
}
