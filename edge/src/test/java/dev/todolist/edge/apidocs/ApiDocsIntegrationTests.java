package dev.todolist.edge.apidocs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.TodoCoreProcess;
import dev.todolist.testsupport.TestDatabase;
import dev.todolist.testsupport.openapi.ApiContract;

import static dev.todolist.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code API_DOCS_ENABLED}: the one document served as JSON and YAML, and Swagger UI on it, without a token,
 * with the edge's CORS and security headers, every link of the page relative (so that it works under nginx's
 * {@code /api/} too).
 */
class ApiDocsIntegrationTests extends EdgeIntegrationTest {

    static final String ORIGIN = "http://localhost:3000";

    static final TestDatabase db = TestDatabase.create(ApiDocsIntegrationTests.class);


    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, ApiDocsIntegrationTests.class, db,
                "http://127.0.0.1:" + TodoCoreProcess.freePort());
        registry.add("API_DOCS_ENABLED", () -> "true");
        registry.add("CORS_ALLOWED_ORIGINS", () -> ORIGIN);
    }

    private static byte[] documentFile() throws IOException {
        try (InputStream in = new ClassPathResource(ApiContract.DOCUMENT).getInputStream()) {
            return in.readAllBytes();
        }
    }

    @Test
    void servesTheDocumentAsYamlExactlyAsWritten() throws IOException {
        byte[] served = http.get().uri("/v3/api-docs.yaml").exchange()
            .expectStatus().isOk()
            .expectHeader().contentTypeCompatibleWith("application/yaml")
            .expectBody().returnResult().getResponseBody();
        assertThat(served).isEqualTo(documentFile());
    }

    @Test
    void servesTheSameDocumentAsJson() throws IOException {
        byte[] served = http.get().uri("/v3/api-docs").exchange()
            .expectStatus().isOk()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
            .expectBody().returnResult().getResponseBody();
        JsonNode json = JsonMapper.shared().readTree(served);
        assertThat(json).isEqualTo(new YAMLMapper().readTree(documentFile()));
        assertThat(json.at("/openapi").asString()).startsWith("3.1");
        assertThat(json.at("/servers/0/url").asString()).as("the first server is the edge serving the document")
            .isEqualTo("/");
    }

    @Test
    void needsNoTokenAndIgnoresAnInvalidOne() {
        for (String path : List.of("/v3/api-docs", "/v3/api-docs.yaml", "/swagger-ui.html")) {
            http.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer not-a-token").exchange()
                .expectStatus().isOk();
        }
    }

    @Test
    void answersWithTheEdgesCorsAndSecurityHeaders() {
        for (String path : List.of("/v3/api-docs", "/v3/api-docs.yaml", "/swagger-ui.html")) {
            http.get().uri(path).header(HttpHeaders.ORIGIN, ORIGIN).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN)
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader().value(HttpHeaders.CACHE_CONTROL, value -> assertThat(value).contains("no-store"));
        }
        expectProblem(http.get().uri("/v3/api-docs").header(HttpHeaders.ORIGIN, "http://evil.example").exchange(),
                403, "forbidden");
    }

    @Test
    void swaggerUiLoadsEverythingRelativeToItsPage() {
        String page = new String(http.get().uri("/swagger-ui.html").exchange()
            .expectStatus().isOk()
            .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
            .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
        List<String> links = new ArrayList<>();
        Matcher link = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page);
        while (link.find()) {
            links.add(link.group(1));
        }
        assertThat(links).as("the page's links").hasSize(5).allSatisfy(target -> assertThat(target)
            .as("relative, so that the page also works under nginx's /api/").startsWith("swagger-ui/"));
        // the page's assets are no API routes: the document does not list them
        WebTestClient assets = unchecked();
        for (String target : links) {
            assets.get().uri("/" + target).exchange().expectStatus().isOk()
                .expectBody().consumeWith(body -> assertThat(body.getResponseBody()).isNotEmpty());
        }
        String bundle = links.stream().filter(target -> target.endsWith("swagger-ui-bundle.js")).findFirst().orElseThrow();
        assets.get().uri("/" + bundle).exchange()
            .expectHeader().contentTypeCompatibleWith("text/javascript")
            .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=31536000, public, immutable");
        String initializer = new String(assets.get().uri("/swagger-ui/swagger-initializer.js").exchange()
            .expectStatus().isOk()
            .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
        assertThat(initializer).contains("fetch('v3/api-docs'").contains("validatorUrl: null");
    }

    @Test
    void servesNothingElseOfTheWebjar() {
        String version = new String(http.get().uri("/swagger-ui.html").exchange().expectBody().returnResult()
            .getResponseBody(), StandardCharsets.UTF_8).replaceAll("(?s).*swagger-ui/([^/]+)/swagger-ui\\.css.*", "$1");
        expectProblem(http.get().uri("/swagger-ui/" + version + "/index.html").exchange(), 404, "not_found");
        expectProblem(http.get().uri("/swagger-ui/0.0.1/swagger-ui.css").exchange(), 404, "not_found");
        expectProblem(http.get().uri("/webjars/swagger-ui/" + version + "/swagger-ui.css").exchange(), 404,
                "not_found");
    }

    @Test
    void offersOnlyGet() {
        expectProblem(http.post().uri("/v3/api-docs").exchange(), 405, "method_not_allowed");
    }
}
