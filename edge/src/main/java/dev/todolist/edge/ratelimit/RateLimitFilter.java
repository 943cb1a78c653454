package dev.todolist.edge.ratelimit;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.todolist.http.ApiException;
import dev.todolist.edge.web.ClientIpResolver;
import dev.todolist.edge.web.FilterOrder;
import dev.todolist.http.ProblemResponses;
import reactor.core.publisher.Mono;

/**
 * Rate limits {@code POST /auth/login}, {@code /auth/register} and {@code /auth/refresh} per client (IP, IPv6 /64)
 * and route, before the body is read or any password hashed: past the limit, 429 with {@code Retry-After}.
 * <p>
 * When Redis cannot count: login answers 503 (with {@code Retry-After}) before any password is checked, because
 * an unlimited login would be a password-guessing oracle; refresh answers the same 503 at once, because it needs
 * Redis for the token's family right after (passing it on would only make a hung Redis cost it two command timeouts,
 * over a second, before the same 503); register passes (fails open, with a warning): it answers nothing about a
 * password and needs only MySQL.
 */
@Component
@Order(FilterOrder.RATE_LIMIT)
class RateLimitFilter implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    static final Duration UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(5);

    private final RateLimiter limiter;

    private final ClientIpResolver clientIp;

    private final ProblemResponses problems;

    RateLimitFilter(RateLimiter limiter, ClientIpResolver clientIp, ProblemResponses problems) {
        this.limiter = limiter;
        this.clientIp = clientIp;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Route route = Route.of(exchange);
        if (route == null) {
            return chain.filter(exchange);
        }
        return limiter.check(route.key, clientIp.resolve(exchange.getRequest()))
            .onErrorResume(ex -> unavailable(exchange, route, ex))
            .flatMap(wait -> wait.isZero() ? chain.filter(exchange)
                    : problems.write(exchange, new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                            "Too many requests; retry after " + retryAfterSeconds(wait) + " seconds.")
                        .retryAfter(wait)));
    }

    private Mono<Duration> unavailable(ServerWebExchange exchange, Route route, Throwable ex) {
        if (route.failsClosed) {
            ProblemResponses.because(exchange, "the rate limit of " + route.key + " cannot be counted: " + ex);
            return Mono.error(new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable",
                    "Sign-in is unavailable right now; try again shortly.")
                .retryAfter(UNAVAILABLE_RETRY_AFTER));
        }
        log.warn("Rate limit of {} not enforced: Redis failed ({})", route.key, ex.toString());
        return Mono.just(Duration.ZERO);
    }

    private static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private enum Route {

        LOGIN("login", true), REGISTER("register", false), REFRESH("refresh", true);

        final String key;

        final boolean failsClosed;

        Route(String key, boolean failsClosed) {
            this.key = key;
            this.failsClosed = failsClosed;
        }

        static @Nullable Route of(ServerWebExchange exchange) {
            if (exchange.getRequest().getMethod() != HttpMethod.POST) {
                return null;
            }
            return switch (exchange.getRequest().getPath().value()) {
                case "/auth/login" -> LOGIN;
                case "/auth/register" -> REGISTER;
                case "/auth/refresh" -> REFRESH;
                default -> null;
            };
        }
    }
}
