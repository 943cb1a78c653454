package dev.todolist.edge.proxy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.todolist.http.Durations;
import dev.todolist.notifier.credential.InternalToken;

/**
 * The proxy ({@code edge.proxy.*}; defaults and environment variables in {@code application.properties}): the
 * internal credential todo-core and the notifier check ({@code INTERNAL_TOKEN}, required, 32+ bytes; the edge's
 * notifier client sends it too), how long to wait for a connection, for the answer to start, and between bytes of
 * an answer's body; the connection pool's size and how long a request may wait for one of its connections; how many
 * requests one user may have in flight through this edge; and the routes: path prefix to upstream base URL.
 */
@ConfigurationProperties("edge.proxy")
public record UpstreamProperties(String internalToken, Duration connectTimeout, Duration responseTimeout,
        Duration bodyIdleTimeout, int maxConnections, Duration poolAcquireTimeout, int maxInFlightPerUser,
        List<Route> routes) {

    static final int MIN_INTERNAL_TOKEN_BYTES = 32;

    public UpstreamProperties {
        if (internalToken.getBytes(StandardCharsets.UTF_8).length < MIN_INTERNAL_TOKEN_BYTES) {
            throw new IllegalArgumentException("INTERNAL_TOKEN must be set to a secret of at least "
                    + MIN_INTERNAL_TOKEN_BYTES + " bytes (the credential todo-core and the notifier check, e.g. "
                    + "head -c 48 /dev/urandom | base64); the edge refuses to start without it");
        }
        InternalToken.requireFit(internalToken);
        Durations.requirePositive(connectTimeout, "PROXY_CONNECT_TIMEOUT");
        Durations.requirePositive(responseTimeout, "PROXY_RESPONSE_TIMEOUT");
        Durations.requirePositive(bodyIdleTimeout, "PROXY_BODY_IDLE_TIMEOUT");
        Durations.requirePositive(poolAcquireTimeout, "PROXY_POOL_ACQUIRE_TIMEOUT");
        if (maxConnections < 1 || maxInFlightPerUser < 1) {
            throw new IllegalArgumentException("PROXY_MAX_CONNECTIONS and PROXY_MAX_IN_FLIGHT_PER_USER must be at least 1");
        }
        routes = List.copyOf(routes);
    }

    /** Requests whose path is {@code prefix} or starts with {@code prefix/} go to {@code url} + the same path. */
    record Route(String prefix, String url) {

        Route {
            if (!prefix.startsWith("/") || prefix.endsWith("/")) {
                throw new IllegalArgumentException("A proxy route prefix starts with / and does not end with /: "
                        + prefix);
            }
            if (!(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new IllegalArgumentException("The upstream of " + prefix + " must be an http(s) URL: " + url);
            }
            url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
    }
}
