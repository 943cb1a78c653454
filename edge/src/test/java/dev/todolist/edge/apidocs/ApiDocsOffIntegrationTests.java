package dev.todolist.edge.apidocs;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.TodoCoreProcess;
import dev.todolist.testsupport.TestDatabase;

import static dev.todolist.testsupport.ProblemAssertions.expectProblem;

/** Without {@code API_DOCS_ENABLED} (the service's default) the documentation routes are unknown routes. */
class ApiDocsOffIntegrationTests extends EdgeIntegrationTest {

    static final TestDatabase db = TestDatabase.create(ApiDocsOffIntegrationTests.class);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, ApiDocsOffIntegrationTests.class, db,
                "http://127.0.0.1:" + TodoCoreProcess.freePort());
    }

    @Test
    void theDocumentationRoutesAre404LikeAnyUnknownRoute() {
        for (String path : List.of("/v3/api-docs", "/v3/api-docs.yaml", "/swagger-ui.html",
                "/swagger-ui/swagger-initializer.js")) {
            expectProblem(http.get().uri(path).exchange(), 404, "not_found");
        }
    }
}
