package dev.todolist.edge.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.web.server.header.CacheControlServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ContentTypeOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.security.web.server.header.StrictTransportSecurityServerHttpHeadersWriter;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * The security headers of every answer, Spring Security's defaults: {@code Cache-Control: no-cache, no-store...}
 * with {@code Pragma} and {@code Expires} unless the answer sets its own caching (and never on a 304),
 * {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer}, and HSTS over HTTPS; a header the
 * answer already has is left alone. The security chain and the proxied routes use this one writer, and the request
 * guard's refusals, written straight onto Netty before the request reaches WebFlux, get the same headers from
 * {@link #onRefusal} (without HSTS: the guard does not know the scheme the client used).
 * <p>
 * Written here with Spring Security's own names and values rather than composed of its writers: each of those
 * copies the answer's header names into a new case-insensitive set per answer, about 5 % of the edge's CPU on a
 * proxied request (JFR, README "Performance"). {@code SecurityHeadersTests} holds this writer's output equal to
 * Spring Security's composed writers' on the same answers.
 */
@Component
public class SecurityHeaders implements ServerHttpHeadersWriter {

    static final String HSTS_VALUE = "max-age=31536000 ; includeSubDomains";

    private static final String REFERRER_POLICY = ReferrerPolicy.NO_REFERRER.getPolicy();

    @Override
    public Mono<Void> writeHttpHeaders(ServerWebExchange exchange) {
        write(exchange);
        return Mono.empty();
    }

    /** Writes the headers when the answer commits, whoever writes it (as Spring Security's header filter does). */
    public void onCommit(ServerWebExchange exchange) {
        exchange.getResponse().beforeCommit(() -> writeHttpHeaders(exchange));
    }

    /** The headers of a refusal the request guard writes (an error: never cached, never a 304). */
    public void onRefusal(io.netty.handler.codec.http.HttpHeaders headers) {
        headers.set(HttpHeaders.CACHE_CONTROL, CacheControlServerHttpHeadersWriter.CACHE_CONTROL_VALUE);
        headers.set(HttpHeaders.PRAGMA, CacheControlServerHttpHeadersWriter.PRAGMA_VALUE);
        headers.set(HttpHeaders.EXPIRES, CacheControlServerHttpHeadersWriter.EXPIRES_VALUE);
        headers.set(ContentTypeOptionsServerHttpHeadersWriter.X_CONTENT_OPTIONS,
                ContentTypeOptionsServerHttpHeadersWriter.NOSNIFF);
        headers.set(ReferrerPolicyServerHttpHeadersWriter.REFERRER_POLICY, REFERRER_POLICY);
    }

    private static void write(ServerWebExchange exchange) {
        ServerHttpResponse response = exchange.getResponse();
        HttpHeaders headers = response.getHeaders();
        if (response.getStatusCode() != HttpStatus.NOT_MODIFIED && !headers.containsHeader(HttpHeaders.CACHE_CONTROL)
                && !headers.containsHeader(HttpHeaders.PRAGMA) && !headers.containsHeader(HttpHeaders.EXPIRES)) {
            headers.set(HttpHeaders.CACHE_CONTROL, CacheControlServerHttpHeadersWriter.CACHE_CONTROL_VALUE);
            headers.set(HttpHeaders.PRAGMA, CacheControlServerHttpHeadersWriter.PRAGMA_VALUE);
            headers.set(HttpHeaders.EXPIRES, CacheControlServerHttpHeadersWriter.EXPIRES_VALUE);
        }
        setIfAbsent(headers, ContentTypeOptionsServerHttpHeadersWriter.X_CONTENT_OPTIONS,
                ContentTypeOptionsServerHttpHeadersWriter.NOSNIFF);
        if ("https".equalsIgnoreCase(exchange.getRequest().getURI().getScheme())) {
            setIfAbsent(headers, StrictTransportSecurityServerHttpHeadersWriter.STRICT_TRANSPORT_SECURITY, HSTS_VALUE);
        }
        setIfAbsent(headers, ReferrerPolicyServerHttpHeadersWriter.REFERRER_POLICY, REFERRER_POLICY);
    }

    private static void setIfAbsent(HttpHeaders headers, String name, String value) {
        if (!headers.containsHeader(name)) {
            headers.set(name, value);
        }
    }
}
