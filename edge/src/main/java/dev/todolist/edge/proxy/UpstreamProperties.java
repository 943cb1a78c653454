package dev.todolist.edge.proxy;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The proxy: {@code INTERNAL_TOKEN} (required), {@code PROXY_CONNECT_TIMEOUT} (500 ms),
 * {@code PROXY_RESPONSE_TIMEOUT} (10 s, the longest wait for the answer to start), {@code PROXY_BODY_IDLE_TIMEOUT}
 * (60 s without a byte of an answer's body, e.g. behind a stalled client),
 * {@code PROXY_MAX_CONNECTIONS} (500), the request body limit (1 MiB) and the routes: path prefix to upstream base
 * URL; {@code /tasks} goes to {@code TASK_SERVICE_URL}.
 */
@ConfigurationProperties("edge.proxy")
record UpstreamProperties(String internalToken, Duration connectTimeout, Duration responseTimeout,
        Duration bodyIdleTimeout, int maxConnections, DataSize maxRequestBody, List<Route> routes) {

    UpstreamProperties {
        if (internalToken == null || internalToken.isBlank()) {
            throw new IllegalArgumentException(
                    "INTERNAL_TOKEN must be set (the credential todo-core checks); the edge refuses to start without it");
        }
        connectTimeout = connectTimeout == null ? Duration.ofMillis(500) : connectTimeout;
        responseTimeout = responseTimeout == null ? Duration.ofSeconds(10) : responseTimeout;
        bodyIdleTimeout = bodyIdleTimeout == null ? Duration.ofSeconds(60) : bodyIdleTimeout;
        maxConnections = maxConnections <= 0 ? 500 : maxConnections;
        maxRequestBody = maxRequestBody == null ? DataSize.ofMegabytes(1) : maxRequestBody;
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    /** Requests whose path is {@code prefix} or starts with {@code prefix/} go to {@code url} + the same path. */
    record Route(String prefix, String url) {

        Route {
            if (prefix == null || !prefix.startsWith("/") || prefix.endsWith("/")) {
                throw new IllegalArgumentException("A proxy route prefix starts with / and does not end with /: "
                        + prefix);
            }
            if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new IllegalArgumentException("The upstream of " + prefix + " must be an http(s) URL: " + url);
            }
            url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
    }
}
