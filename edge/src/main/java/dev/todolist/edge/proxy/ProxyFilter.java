package dev.todolist.edge.proxy;

import java.time.Duration;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.todolist.edge.proxy.UpstreamProperties.Route;
import dev.todolist.edge.security.BearerAuthenticator;
import dev.todolist.edge.security.SecurityHeaders;
import dev.todolist.http.ApiException;
import dev.todolist.edge.web.FilterOrder;
import dev.todolist.http.ProblemResponses;
import reactor.core.publisher.Mono;

/**
 * Answers the proxied routes: their security headers, the bearer token checked exactly as on the edge's own routes
 * ({@link BearerAuthenticator}: signature, claims, revocation in Redis, failing closed), the user's requests in
 * flight capped, then the request forwarded. It runs before Spring Security's filter chain and answers without
 * it: the chain's other filters (sessions, request cache, CSRF, anonymous users, authorization rules) have nothing to
 * do for a stateless proxied request, and cost as much as the whole proxied exchange. CORS has already been applied.
 */
@Component
@Order(FilterOrder.PROXY)
class ProxyFilter implements WebFilter {

    static final Duration IN_FLIGHT_RETRY_AFTER = Duration.ofSeconds(1);

    private final ProxyRoutes routes;

    private final ProxyHandler handler;

    private final BearerAuthenticator authenticator;

    private final SecurityHeaders securityHeaders;

    private final InFlightRequests inFlight;

    private final ProblemResponses problems;

    ProxyFilter(ProxyRoutes routes, ProxyHandler handler, BearerAuthenticator authenticator,
            SecurityHeaders securityHeaders, InFlightRequests inFlight, ProblemResponses problems) {
        this.routes = routes;
        this.handler = handler;
        this.authenticator = authenticator;
        this.securityHeaders = securityHeaders;
        this.inFlight = inFlight;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Route route = routes.find(exchange.getRequest().getPath().value());
        if (route == null) {
            return chain.filter(exchange);
        }
        securityHeaders.onCommit(exchange);
        // the request's metrics and span are named by the route, never by the raw path (bounded label values)
        ServerRequestObservationContext.findCurrent(exchange.getAttributes())
            .ifPresent(observation -> observation.setPathPattern(route.prefix() + "/**"));
        return authenticator.userId(exchange)
            .flatMap(userId -> forward(exchange, route, userId))
            .onErrorResume(AuthenticationException.class, refused -> authenticator.refuse(exchange, refused));
    }

    private Mono<Void> forward(ServerWebExchange exchange, Route route, String userId) {
        if (!inFlight.tryAcquire(userId)) {
            return problems.write(exchange, new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                    "Too many of your requests are in flight; retry when one has finished.")
                .retryAfter(IN_FLIGHT_RETRY_AFTER));
        }
        return handler.forward(exchange, route, userId).doFinally(signal -> inFlight.release(userId));
    }
}
