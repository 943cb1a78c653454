package dev.todolist.edge.security;

import org.springframework.security.web.server.header.CacheControlServerHttpHeadersWriter;
import org.springframework.security.web.server.header.CompositeServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ContentTypeOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.security.web.server.header.StrictTransportSecurityServerHttpHeadersWriter;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * The security headers of every answer, from Spring Security's writers: {@code Cache-Control: no-store...} unless
 * the answer sets its own caching, {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer},
 * and HSTS over HTTPS. The security chain and the proxied routes use this one writer.
 */
@Component
public class SecurityHeaders implements ServerHttpHeadersWriter {

    private final ServerHttpHeadersWriter writers = new CompositeServerHttpHeadersWriter(
            new CacheControlServerHttpHeadersWriter(), new ContentTypeOptionsServerHttpHeadersWriter(),
            new StrictTransportSecurityServerHttpHeadersWriter(), new ReferrerPolicyServerHttpHeadersWriter());

    @Override
    public Mono<Void> writeHttpHeaders(ServerWebExchange exchange) {
        return writers.writeHttpHeaders(exchange);
    }

    /** Writes the headers when the answer commits, whoever writes it (as Spring Security's header filter does). */
    public void onCommit(ServerWebExchange exchange) {
        exchange.getResponse().beforeCommit(() -> writeHttpHeaders(exchange));
    }
}
