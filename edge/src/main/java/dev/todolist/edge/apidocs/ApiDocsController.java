package dev.todolist.edge.apidocs;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /v3/api-docs} (JSON), {@code /v3/api-docs.yaml} and {@code /swagger-ui.html} with its assets, all from
 * the one hand-written document, without authentication; CORS and the security headers are the edge-wide filters'.
 * Only where {@code API_DOCS_ENABLED} ({@code edge.api-docs.enabled}): elsewhere these paths are unknown routes,
 * {@code 404} like any other.
 *
 * <p>Not springdoc: it builds its own document from controllers, and the edge's main routes ({@code /tasks}) are a
 * proxy no controller introspection sees; serving the file and the UI's static files is all that is needed.
 */
@RestController
@ConditionalOnBooleanProperty("edge.api-docs.enabled")
class ApiDocsController {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml;charset=UTF-8");

    /** The webjar's assets sit under its version: a new version is a new URL, so they may be cached for good. */
    private static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic()
        .immutable();

    private final ApiDocsFiles files;

    ApiDocsController() {
        this.files = ApiDocsFiles.load();
    }

    @GetMapping("/v3/api-docs")
    ResponseEntity<byte[]> json() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(files.json());
    }

    @GetMapping("/v3/api-docs.yaml")
    ResponseEntity<byte[]> yaml() {
        return ResponseEntity.ok().contentType(YAML).body(files.yaml());
    }

    @GetMapping("/swagger-ui.html")
    ResponseEntity<byte[]> page() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/html;charset=UTF-8"))
            .body(files.page());
    }

    @GetMapping("/swagger-ui/swagger-initializer.js")
    ResponseEntity<byte[]> initializer() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/javascript;charset=UTF-8"))
            .body(files.initializer());
    }

    @GetMapping("/swagger-ui/{version}/{name}")
    ResponseEntity<byte[]> asset(@PathVariable String version, @PathVariable String name) {
        byte[] asset = files.assets().get(name);
        if (!version.equals(files.swaggerUiVersion()) || asset == null) {
            // the same answer as any unknown route
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(ApiDocsFiles.ASSET_TYPES.get(name)))
            .cacheControl(IMMUTABLE).body(asset);
    }
}
