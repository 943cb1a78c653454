package dev.todolist.testsupport.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

/** The document itself: OpenAPI 3.1 that a parser reads without complaint, and examples its schemas accept. */
class ApiDocumentTests {

    private static final ApiDocument document = ApiDocument.fromClasspath(ApiContract.DOCUMENT);

    @Test
    void theDocumentIsOpenApi31ThatSwaggerParserReadsWithoutAMessage() throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text(), null, options);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1.");
    }

    @Test
    void everyExampleIsAcceptedByTheSchemaItIllustrates() {
        List<String> problems = new ArrayList<>();
        int[] checked = {0};
        walk(document.root(), "", (node, pointer) -> {
            if (node.has("schema") && node.has("example")) {
                checked[0]++;
                problems.addAll(prefixed(pointer + "/example", document.validate(node.get("example"),
                        pointer + "/schema")));
            }
            if (node.has("schema") && node.path("examples").isObject()) {
                node.get("examples").properties().forEach(example -> {
                    checked[0]++;
                    problems.addAll(prefixed(pointer + "/examples/" + example.getKey(),
                            document.validate(document.resolve(example.getValue()).get("value"),
                                    pointer + "/schema")));
                });
            }
            if (!node.has("schema") && node.path("examples").isArray()) {
                node.get("examples").forEach(example -> {
                    checked[0]++;
                    problems.addAll(prefixed(pointer + "/examples", document.validate(example, pointer)));
                });
            }
        });
        assertThat(problems).isEmpty();
        assertThat(checked[0]).as("examples checked").isGreaterThan(60);
    }

    @Test
    void theExampleEventStreamIsAcceptedEventByEvent() {
        JsonNode example = document.at("/paths/~1events/get/responses/200/content/text~1event-stream/example");
        assertThat(new EventStreamCheck(document).problems("GET", "/events", "200", example.asText())).isEmpty();
        assertThat(ServerSentEvents.parse(example.asText())).hasSize(2);
    }

    @Test
    void everyOperationHasItsOwnOperationId() {
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        forEachOperation((name, operation) -> {
            String id = operation.path("operationId").asText("");
            if (id.isEmpty() || !seen.add(id)) {
                problems.add(name + " has " + (id.isEmpty() ? "no operationId" : "the operationId " + id + " twice"));
            }
        });
        assertThat(problems).isEmpty();
    }

    /** Actuator's own health JSON and bodiless HEAD answers are the only errors that are not problem JSON. */
    @Test
    void everyErrorWithABodyIsProblemJsonWhoseStatusMemberIsTheHttpStatus() {
        List<String> problems = new ArrayList<>();
        forEachOperation((name, operation) -> operation.path("responses").properties().forEach(entry -> {
            int status = Integer.parseInt(entry.getKey());
            JsonNode content = document.resolve(entry.getValue()).path("content");
            if (status < 400 || content.isMissingNode() || name.contains("/actuator/")) {
                return;
            }
            Set<String> types = new TreeSet<>();
            content.fieldNames().forEachRemaining(types::add);
            if (!types.equals(Set.of("application/problem+json"))) {
                problems.add(name + " " + status + " answers " + types);
                return;
            }
            JsonNode statusSchema = content.path("application/problem+json").path("schema").path("allOf").path(1)
                .path("properties").path("status");
            if (statusSchema.path("const").asInt() != status) {
                problems.add(name + " " + status + " does not fix the body's status to " + status);
            }
        }));
        assertThat(problems).isEmpty();
    }

    @Test
    void theProblemSchemaKnowsExactlyTheCodesTheResponsesCanCarry() {
        Set<String> known = new TreeSet<>();
        document.at("/components/schemas/Problem/properties/code/enum").forEach(code -> known.add(code.asText()));
        Set<String> used = new TreeSet<>();
        document.at("/components/responses").properties().forEach(response -> {
            JsonNode code = response.getValue().path("content").path("application/problem+json").path("schema")
                .path("allOf").path(1).path("properties").path("code");
            code.path("enum").forEach(value -> used.add(value.asText()));
            if (code.has("const")) {
                used.add(code.get("const").asText());
            }
        });
        assertThat(used).isEqualTo(known);
    }

    private static void forEachOperation(java.util.function.BiConsumer<String, JsonNode> action) {
        document.root().path("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            if (Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace").contains(entry.getKey())) {
                action.accept(entry.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), entry.getValue());
            }
        }));
    }

    private static List<String> prefixed(String pointer, List<String> errors) {
        return errors.stream().map(error -> pointer + ": " + error).toList();
    }

    private static void walk(JsonNode node, String pointer, java.util.function.BiConsumer<JsonNode, String> visit) {
        if (node.isObject()) {
            visit.accept(node, pointer);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> child = it.next();
                if (!child.getKey().equals("example") && !child.getKey().equals("examples")) {
                    walk(child.getValue(), pointer + "/" + ApiDocument.escape(child.getKey()), visit);
                }
            }
        }
        else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, visit);
            }
        }
    }

    private static String text() throws IOException {
        try (InputStream in = ApiDocumentTests.class.getClassLoader().getResourceAsStream(ApiContract.DOCUMENT)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
