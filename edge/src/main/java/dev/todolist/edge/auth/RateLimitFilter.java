package dev.todolist.edge.auth;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.todolist.edge.web.ClientIpResolver;
import dev.todolist.edge.web.ProblemResponses;
import reactor.core.publisher.Mono;

/**
 * Rate limits {@code POST /auth/login}, {@code /auth/register} and {@code /auth/refresh} per client IP, before
 * the body is read or any password hashed. Runs after the security chain, so a 429 carries the CORS headers.
 */
@Component
@Order(0)
class RateLimitFilter implements WebFilter {

    private final RateLimiter limiter;

    private final ClientIpResolver clientIp;

    RateLimitFilter(RateLimiter limiter, ClientIpResolver clientIp) {
        this.limiter = limiter;
        this.clientIp = clientIp;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String route = limitedRoute(exchange);
        if (route == null) {
            return chain.filter(exchange);
        }
        return limiter.check(route, clientIp.resolve(exchange.getRequest())).flatMap(retryAfter -> {
            if (retryAfter == 0L) {
                return chain.filter(exchange);
            }
            exchange.getResponse().getHeaders().set("Retry-After", Long.toString(retryAfter));
            return ProblemResponses.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                    "Too many requests; retry after " + retryAfter + " seconds.");
        });
    }

    private static String limitedRoute(ServerWebExchange exchange) {
        if (exchange.getRequest().getMethod() != HttpMethod.POST) {
            return null;
        }
        return switch (exchange.getRequest().getPath().value()) {
            case "/auth/login" -> "login";
            case "/auth/register" -> "register";
            case "/auth/refresh" -> "refresh";
            default -> null;
        };
    }
}
