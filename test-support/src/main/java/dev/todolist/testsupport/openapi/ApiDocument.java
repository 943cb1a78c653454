package dev.todolist.testsupport.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;

/**
 * The OpenAPI document as data: its paths and the methods each offers, matching a request path to its path
 * template, following local {@code $ref}s, and validating a JSON value against any schema in it with the
 * OpenAPI 3.1 dialect of JSON Schema 2020-12 (formats asserted).
 */
final class ApiDocument {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Where the document's schemas are registered for the validator; its {@code $ref}s are all local. */
    private static final String IRI = "https://todo-platform.invalid/openapi.json";

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    private final String resource;

    private final JsonNode root;

    private final Map<String, Set<String>> methodsByPath;

    private final SchemaRegistry schemas;

    private ApiDocument(String resource, JsonNode root) {
        this.resource = resource;
        this.root = root;
        this.methodsByPath = methodsByPath(root);
        this.schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(IRI, root.toString()))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    static ApiDocument fromClasspath(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The API document " + resource + " is not on the classpath");
            }
            return new ApiDocument(resource, new ObjectMapper(new YAMLFactory()).readTree(in));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("The API document " + resource + " cannot be read", ex);
        }
    }

    String resource() {
        return resource;
    }

    JsonNode root() {
        return root;
    }

    /** Path template → the methods it offers (upper case), in document order. */
    Map<String, Set<String>> operations() {
        return methodsByPath;
    }

    /**
     * The path template a request path falls under: a {@code {name}} matches one non-empty segment, and of two
     * templates that match, the one with fewer variables wins ({@code /a/b} before {@code /a/{x}}).
     */
    Optional<String> match(String path) {
        String[] segments = path.split("/", -1);
        String best = null;
        for (String template : methodsByPath.keySet()) {
            if (matches(template.split("/", -1), segments)
                    && (best == null || variables(template) < variables(best))) {
                best = template;
            }
        }
        return Optional.ofNullable(best);
    }

    private static long variables(String template) {
        return template.chars().filter(c -> c == '{').count();
    }

    private static boolean matches(String[] template, String[] segments) {
        if (template.length != segments.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            boolean variable = template[i].startsWith("{") && template[i].endsWith("}");
            if (variable ? segments[i].isEmpty() : !template[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    /** The node at a JSON pointer of the document ({@code #/components/...} or {@code /components/...}). */
    JsonNode at(String pointer) {
        String plain = pointer.startsWith("#") ? pointer.substring(1) : pointer;
        JsonNode node = root.at(JsonPointer.compile(plain));
        if (node.isMissingNode()) {
            throw new IllegalArgumentException(resource + " has nothing at " + pointer);
        }
        return node;
    }

    /** The node itself, or what its local {@code $ref} points at (followed until it is no reference). */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref"); hops++) {
            if (hops > 20) {
                throw new IllegalStateException(resource + " has a $ref cycle at " + node);
            }
            current = at(current.get("$ref").asText());
        }
        return current;
    }

    /** The pointer a node is known by: its local {@code $ref}, or the pointer it was found at. */
    static String pointerOf(JsonNode node, String foundAt) {
        return node.has("$ref") ? node.get("$ref").asText().substring(1) : foundAt;
    }

    /** The errors of validating {@code value} against the schema at {@code pointer}, one sentence each. */
    List<String> validate(JsonNode value, String pointer) {
        Schema schema = schemas.getSchema(SchemaLocation.of(IRI + "#" + pointer));
        List<String> errors = new ArrayList<>();
        for (Error error : schema.validate(value)) {
            errors.add(error.getInstanceLocation() + ": " + error.getMessage());
        }
        return errors;
    }

    /** JSON Pointer escaping of one reference token ({@code application/problem+json} stays as it is). */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static Map<String, Set<String>> methodsByPath(JsonNode root) {
        Map<String, Set<String>> result = new LinkedHashMap<>();
        JsonNode paths = root.path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            Set<String> methods = new LinkedHashSet<>();
            for (Iterator<String> names = path.getValue().fieldNames(); names.hasNext();) {
                String name = names.next();
                if (METHODS.contains(name)) {
                    methods.add(name.toUpperCase(Locale.ROOT));
                }
            }
            result.put(path.getKey(), Collections.unmodifiableSet(methods));
        }
        return Collections.unmodifiableMap(result);
    }
}
