package dev.todolist.edge.apidocs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Everything the documentation routes answer, read from the classpath once at start-up and kept in memory (about
 * 1.6 MB): reading a jar entry blocks, which no request may do on the event loop.
 *
 * @param yaml the document as written ({@value #DOCUMENT})
 * @param json the same document as JSON
 * @param page Swagger UI's page, its links relative to where it is served (the edge's root, or nginx's
 * {@code /api/})
 * @param initializer the page's script
 * @param swaggerUiVersion the version of the Swagger UI webjar, part of its assets' paths
 * @param assets the webjar's files the page loads, by name
 */
record ApiDocsFiles(byte[] yaml, byte[] json, byte[] page, byte[] initializer, String swaggerUiVersion,
        Map<String, byte[]> assets) {

    /** The document: the same resource the tests hold every answer against. */
    static final String DOCUMENT = "openapi/todo-platform.yaml";

    /** The webjar's files the page loads; nothing else of the webjar is served. */
    static final Map<String, String> ASSET_TYPES = Map.of("swagger-ui.css", "text/css;charset=UTF-8",
            "swagger-ui-bundle.js", "text/javascript;charset=UTF-8", "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");

    private static final String WEBJAR_PROPERTIES = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

    static ApiDocsFiles load() {
        byte[] yaml = read(DOCUMENT);
        byte[] json = JsonMapper.shared().writeValueAsBytes(new YAMLMapper().readTree(yaml));
        String version = webjarVersion();
        String page = new String(read("apidocs/swagger-ui.html"), StandardCharsets.UTF_8).replace("{{version}}",
                version);
        Map<String, byte[]> assets = new HashMap<>();
        ASSET_TYPES.keySet()
            .forEach(name -> assets.put(name, read("META-INF/resources/webjars/swagger-ui/" + version + "/" + name)));
        return new ApiDocsFiles(yaml, json, page.getBytes(StandardCharsets.UTF_8),
                read("apidocs/swagger-initializer.js"), version, Map.copyOf(assets));
    }

    private static String webjarVersion() {
        Properties properties = new Properties();
        try (InputStream in = new ClassPathResource(WEBJAR_PROPERTIES).getInputStream()) {
            properties.load(in);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Swagger UI's webjar is not on the classpath (" + WEBJAR_PROPERTIES + ")",
                    ex);
        }
        return properties.getProperty("version");
    }

    private static byte[] read(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return in.readAllBytes();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + path + " from the classpath", ex);
        }
    }
}
