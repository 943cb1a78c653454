package dev.todolist.edge.security;

import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.web.server.header.CacheControlServerHttpHeadersWriter;
import org.springframework.security.web.server.header.CompositeServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ContentTypeOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.security.web.server.header.StrictTransportSecurityServerHttpHeadersWriter;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/** The edge's security headers are exactly what Spring Security's default writers would write, answer by answer. */
class SecurityHeadersTests {

    private final ServerHttpHeadersWriter springSecurity = new CompositeServerHttpHeadersWriter(
            new CacheControlServerHttpHeadersWriter(), new ContentTypeOptionsServerHttpHeadersWriter(),
            new StrictTransportSecurityServerHttpHeadersWriter(), new ReferrerPolicyServerHttpHeadersWriter());

    private final SecurityHeaders edge = new SecurityHeaders();

    static List<Arguments> answers() {
        return List.of(
                Arguments.of("a plain answer over http", "http://edge/tasks", answer(HttpStatus.OK, headers -> { })),
                Arguments.of("over https", "https://edge/tasks", answer(HttpStatus.OK, headers -> { })),
                Arguments.of("its own Cache-Control", "https://edge/swagger-ui/a.js",
                        answer(HttpStatus.OK, headers -> headers.set(HttpHeaders.CACHE_CONTROL, "max-age=60"))),
                Arguments.of("its own Expires", "http://edge/tasks",
                        answer(HttpStatus.OK, headers -> headers.set(HttpHeaders.EXPIRES, "Wed, 21 Oct 2037 07:28:00 GMT"))),
                Arguments.of("its own Pragma", "http://edge/tasks",
                        answer(HttpStatus.OK, headers -> headers.set(HttpHeaders.PRAGMA, "no-cache"))),
                Arguments.of("a 304", "http://edge/tasks", answer(HttpStatus.NOT_MODIFIED, headers -> { })),
                Arguments.of("an upstream's own policy headers", "https://edge/tasks", answer(HttpStatus.OK, headers -> {
                    headers.set("X-Content-Type-Options", "other");
                    headers.set("referrer-policy", "same-origin");
                    headers.set("Strict-Transport-Security", "max-age=1");
                })));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void writesWhatSpringSecurityWrites(String name, String uri, Consumer<ServerWebExchange> answer) {
        assertThat(headersAfter(edge, uri, answer)).isEqualTo(headersAfter(springSecurity, uri, answer));
    }

    @Test
    void aPlainAnswerGetsTheDefaults() {
        Map<String, List<String>> written = headersAfter(edge, "https://edge/tasks", answer(HttpStatus.OK, h -> { }));
        assertThat(written).containsEntry("x-content-type-options", List.of("nosniff"))
            .containsEntry("referrer-policy", List.of("no-referrer"))
            .containsEntry("strict-transport-security", List.of(SecurityHeaders.HSTS_VALUE))
            .containsEntry("cache-control", List.of("no-cache, no-store, max-age=0, must-revalidate"));
    }

    private static Consumer<ServerWebExchange> answer(HttpStatus status, Consumer<HttpHeaders> headers) {
        return exchange -> {
            exchange.getResponse().setStatusCode(status);
            headers.accept(exchange.getResponse().getHeaders());
        };
    }

    private static Map<String, List<String>> headersAfter(ServerHttpHeadersWriter writer, String uri,
            Consumer<ServerWebExchange> answer) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(uri));
        answer.accept(exchange);
        writer.writeHttpHeaders(exchange).block();
        Map<String, List<String>> written = new TreeMap<>();
        exchange.getResponse().getHeaders().forEach((name, values) -> written.put(name.toLowerCase(), values));
        return written;
    }
}
