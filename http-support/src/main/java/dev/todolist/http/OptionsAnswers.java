package dev.todolist.http;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * An {@code OPTIONS} answer (not a CORS preflight) carries {@code Accept-Patch} only where {@code PATCH} is served.
 * WebFlux's own {@code OPTIONS} handler sets the header to the media types the route's {@code PATCH} mappings read,
 * and to an empty value on every route without one ({@code Accept-Patch: } after {@code Allow: POST,OPTIONS}), which
 * RFC 5789 does not allow (one media type at least) and which says that {@code PATCH} is offered all the same. The
 * empty header is removed as the answer commits; every other request passes untouched.
 */
class OptionsAnswers implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getMethod() == HttpMethod.OPTIONS) {
            ServerHttpResponse response = exchange.getResponse();
            response.beforeCommit(() -> {
                withoutEmptyAcceptPatch(response.getHeaders());
                return Mono.empty();
            });
        }
        return chain.filter(exchange);
    }

    static void withoutEmptyAcceptPatch(HttpHeaders headers) {
        List<String> acceptPatch = headers.get(HttpHeaders.ACCEPT_PATCH);
        if (acceptPatch != null && acceptPatch.stream().allMatch(String::isBlank)) {
            headers.remove(HttpHeaders.ACCEPT_PATCH);
        }
    }
}
