package dev.todolist.edge.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.todolist.edge.security.SecurityHeaders;
import dev.todolist.http.ProblemResponses;
import reactor.core.publisher.Mono;

/**
 * Spring's {@link DefaultCorsProcessor} with one policy for every path, as {@code CorsWebFilter} applies it, except
 * that a refused cross-origin request (a preflight, or a request from an origin that is not allowed) is answered
 * like every other error: {@code 403} problem JSON with code {@code forbidden} and the security headers, rather
 * than an empty body.
 */
class CorsFilter implements WebFilter {

    static final String REFUSED = "This cross-origin request is not allowed.";

    private final CorsProcessor processor = new DefaultCorsProcessor();

    private final CorsConfiguration policy;

    private final ProblemResponses problems;

    private final SecurityHeaders securityHeaders;

    CorsFilter(CorsConfiguration policy, ProblemResponses problems, SecurityHeaders securityHeaders) {
        this.policy = policy;
        this.problems = problems;
        this.securityHeaders = securityHeaders;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!processor.process(policy, exchange)) {
            securityHeaders.onCommit(exchange);
            return problems.write(exchange, HttpStatus.FORBIDDEN, "forbidden", REFUSED);
        }
        return CorsUtils.isPreFlightRequest(exchange.getRequest()) ? Mono.empty() : chain.filter(exchange);
    }
}
