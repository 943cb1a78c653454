package dev.todolist.edge.proxy;

import java.security.Principal;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.todolist.edge.proxy.UpstreamProperties.Route;
import reactor.core.publisher.Mono;

/**
 * Sends the requests of configured routes to their upstream, after the security chain has authenticated them
 * (their paths require a token there). Anything else goes on to the edge's own handlers.
 */
@Component
@Order(10)
class ProxyFilter implements WebFilter {

    private final ProxyRoutes routes;

    private final ProxyHandler handler;

    ProxyFilter(ProxyRoutes routes, ProxyHandler handler) {
        this.routes = routes;
        this.handler = handler;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Route route = routes.find(exchange.getRequest().getPath().value());
        if (route == null) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
            .map(Principal::getName)
            .switchIfEmpty(Mono.error(() -> new IllegalStateException("A proxied request reached the proxy unauthenticated")))
            .flatMap(userId -> handler.forward(exchange, route, userId));
    }
}
