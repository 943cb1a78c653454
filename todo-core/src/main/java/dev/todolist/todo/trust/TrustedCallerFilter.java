package dev.todolist.todo.trust;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.todolist.http.ProblemResponses;
import dev.todolist.todo.web.PositiveIds;
import dev.todolist.todo.web.RefusalLog;
import reactor.core.publisher.Mono;

/**
 * Lets a request in only with the edge's internal credential ({@code X-Internal-Token}, compared in constant time)
 * and a positive 64-bit {@code X-User-ID}; the caller's id is then the exchange attribute {@link TrustedCaller#USER_ID}.
 * Either header sent twice is refused (400): which one counts is not for todo-core to guess. Health endpoints are
 * open so that orchestrators can probe the service.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class TrustedCallerFilter implements WebFilter {

    static final String INTERNAL_TOKEN_HEADER = "X-Internal-Token";

    static final String USER_ID_HEADER = "X-User-ID";

    private static final Logger log = LoggerFactory.getLogger(TrustedCallerFilter.class);

    private final byte[] internalToken;

    private final ProblemResponses problems;

    private final RefusalLog refusals;

    TrustedCallerFilter(TrustProperties properties, ProblemResponses problems, RefusalLog refusals) {
        this.internalToken = properties.internalToken().getBytes(StandardCharsets.UTF_8);
        this.problems = problems;
        this.refusals = refusals;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        // the probes, and Prometheus's scrape (served on the management port only, which is never published)
        if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")
                || path.equals("/actuator/prometheus")) {
            return chain.filter(exchange);
        }
        HttpHeaders headers = exchange.getRequest().getHeaders();
        List<String> tokens = headers.getOrEmpty(INTERNAL_TOKEN_HEADER);
        List<String> userIds = headers.getOrEmpty(USER_ID_HEADER);
        if (tokens.size() > 1 || userIds.size() > 1) {
            return problems.write(exchange, HttpStatus.BAD_REQUEST, "ambiguous_header",
                    "Send " + (tokens.size() > 1 ? INTERNAL_TOKEN_HEADER : USER_ID_HEADER) + " once, not several times.");
        }
        String token = tokens.isEmpty() ? null : tokens.get(0);
        if (!isInternalToken(token)) {
            return refusals.write("403 untrusted_caller", () -> log.warn(
                    "Refused {} {} from {}: {} internal credential",
                    exchange.getRequest().getMethod(), path, exchange.getRequest().getRemoteAddress(),
                    token == null ? "no" : "a wrong"))
                .then(problems.write(exchange, HttpStatus.FORBIDDEN, "untrusted_caller",
                        "Only the edge may call this service."));
        }
        Long userId = PositiveIds.parse(userIds.isEmpty() ? null : userIds.get(0));
        if (userId == null) {
            return problems.write(exchange, HttpStatus.UNAUTHORIZED, "missing_user_id",
                    "X-User-ID must be a positive integer.");
        }
        exchange.getAttributes().put(TrustedCaller.USER_ID, userId);
        return chain.filter(exchange);
    }

    private boolean isInternalToken(@Nullable String token) {
        return token != null && MessageDigest.isEqual(internalToken, token.getBytes(StandardCharsets.UTF_8));
    }
}
