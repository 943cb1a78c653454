package dev.todolist.edge.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code CORS_ALLOWED_ORIGINS} ({@code edge.cors.allowed-origins}): the browser origins allowed with credentials, each
 * named exactly ({@code scheme://host[:port]}). Checked at start: a wildcard or a malformed entry would otherwise start
 * a healthy-looking edge that fails every browser request (Spring refuses {@code *} with credentials only when a
 * request comes, with a 500).
 */
@ConfigurationProperties("edge.cors")
record CorsProperties(List<String> allowedOrigins) {

    CorsProperties {
        allowedOrigins = allowedOrigins.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String origin : allowedOrigins) {
            if (!isOrigin(origin)) {
                throw new IllegalArgumentException("CORS_ALLOWED_ORIGINS must list origins exactly, as a browser "
                        + "sends them (scheme://host[:port], no path, no wildcard: the API answers with credentials), "
                        + "not '" + origin + "'");
            }
        }
    }

    private static boolean isOrigin(String origin) {
        try {
            URI uri = new URI(origin);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawPath().isEmpty() && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && uri.getRawUserInfo() == null;
        }
        catch (URISyntaxException notAUri) {
            return false;
        }
    }
}
