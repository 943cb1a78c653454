package dev.todolist.edge.security;

import java.security.Principal;

import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Authenticates a request by its bearer token for the routes that answer outside the general security chain (the
 * proxied ones): the same token grammar ({@link BearerTokens}), the same authentication manager (Spring Security's
 * resource server over the edge's decoder) and the same refusals ({@link BearerProblemResponder}) as the chain.
 */
@Component
public class BearerAuthenticator {

    private final ReactiveAuthenticationManager manager;

    private final BearerProblemResponder responder;

    BearerAuthenticator(ReactiveAuthenticationManager bearerAuthenticationManager, BearerProblemResponder responder) {
        this.manager = bearerAuthenticationManager;
        this.responder = responder;
    }

    /** The user id ({@code sub}) of a valid, unrevoked token, or an {@link AuthenticationException}. */
    public Mono<String> userId(ServerWebExchange exchange) {
        String token;
        try {
            token = BearerTokens.resolve(exchange.getRequest());
        }
        catch (AuthenticationException ex) {
            return Mono.error(ex);
        }
        if (token == null) {
            return Mono.error(new AuthenticationCredentialsNotFoundException("no bearer token"));
        }
        return manager.authenticate(new BearerTokenAuthenticationToken(token)).map(Principal::getName);
    }

    /** The answer to a refused token (401, or 503 when revocation could not be checked, or 400). */
    public Mono<Void> refuse(ServerWebExchange exchange, AuthenticationException ex) {
        return responder.respond(exchange, ex);
    }
}
