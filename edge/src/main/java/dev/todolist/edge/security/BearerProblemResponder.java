package dev.todolist.edge.security;

import java.time.Duration;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.todolist.edge.token.RevocationCheckException;
import dev.todolist.edge.token.RevokedTokenException;
import dev.todolist.edge.token.TokenClaimsValidator;
import dev.todolist.edge.observability.EdgeMetrics;
import dev.todolist.http.ApiException;
import dev.todolist.http.Causes;
import dev.todolist.http.ProblemResponses;
import reactor.core.publisher.Mono;

/**
 * The 401 of RFC 6750 with the project's problem JSON: {@code WWW-Authenticate: Bearer} when no token was
 * presented ({@code missing_token}), {@code Bearer error="invalid_token"} otherwise, with the code
 * {@code invalid_token}, {@code token_expired} or {@code token_revoked}. When Redis could not say whether the
 * token is revoked, 503 {@code service_unavailable}: fail closed. Two {@code Authorization} headers are a 400.
 * The same answers on every route that needs a token, in the security chain and on the proxied routes.
 */
@Component
public class BearerProblemResponder implements ServerAuthenticationEntryPoint, ServerAuthenticationFailureHandler {

    static final Duration REVOCATION_RETRY_AFTER = Duration.ofSeconds(1);

    private final ProblemResponses problems;

    private final EdgeMetrics metrics;

    BearerProblemResponder(ProblemResponses problems, EdgeMetrics metrics) {
        this.problems = problems;
        this.metrics = metrics;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
        return respond(exchange, ex);
    }

    @Override
    public Mono<Void> onAuthenticationFailure(WebFilterExchange webFilterExchange, AuthenticationException ex) {
        return respond(webFilterExchange.getExchange(), ex);
    }

    public Mono<Void> respond(ServerWebExchange exchange, AuthenticationException ex) {
        if (ex instanceof AmbiguousAuthorizationException) {
            return problems.write(exchange, new ApiException(HttpStatus.BAD_REQUEST, "invalid_request",
                    "Send one Authorization header, not several."));
        }
        if (Causes.has(ex, RevocationCheckException.class)) {
            metrics.revocationFailedClosed();
            ProblemResponses.because(exchange,
                    "the token revocation check failed: " + NestedExceptionUtils.getMostSpecificCause(ex));
            return problems.write(exchange, new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable",
                    "Token revocation cannot be checked right now; try again shortly.")
                .retryAfter(REVOCATION_RETRY_AFTER));
        }
        if (!(ex instanceof OAuth2AuthenticationException) && !Causes.has(ex, InvalidBearerTokenException.class)) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return problems.write(exchange, HttpStatus.UNAUTHORIZED, "missing_token",
                    "An access token is required: Authorization: Bearer <token>.");
        }
        String code;
        String detail;
        if (Causes.has(ex, RevokedTokenException.class)) {
            code = "token_revoked";
            detail = "The access token was revoked.";
        }
        else if (isExpired(ex)) {
            code = "token_expired";
            detail = "The access token has expired.";
        }
        else {
            code = "invalid_token";
            detail = "The access token is malformed or its signature is invalid.";
        }
        exchange.getResponse()
            .getHeaders()
            .set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\", error_description=\"" + detail + "\"");
        return problems.write(exchange, HttpStatus.UNAUTHORIZED, code, detail);
    }

    private static boolean isExpired(Throwable ex) {
        JwtValidationException validation = Causes.find(ex, JwtValidationException.class);
        return validation != null && validation.getErrors()
            .stream()
            .anyMatch(error -> TokenClaimsValidator.EXPIRED.equals(error.getErrorCode()));
    }
}
