package dev.todolist.edge.web;

import java.util.List;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;

/**
 * The CORS headers of an answer written straight onto Netty (the request guard's refusals), by the same policy as
 * every other answer: an allowed origin gets {@code Access-Control-Allow-Origin}, {@code -Credentials} and
 * {@code -Expose-Headers}.
 */
@Component
class CorsHeaders {

    private final CorsConfiguration policy;

    private final @Nullable String exposed;

    CorsHeaders(CorsConfiguration corsPolicy) {
        this.policy = corsPolicy;
        List<String> headers = corsPolicy.getExposedHeaders();
        this.exposed = headers == null || headers.isEmpty() ? null : String.join(", ", headers);
    }

    void apply(@Nullable String origin, HttpHeaders response) {
        response.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        String allowed = origin == null ? null : policy.checkOrigin(origin);
        if (allowed != null) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            if (exposed != null) {
                response.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, exposed);
            }
        }
    }
}
