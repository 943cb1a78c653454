package dev.todolist.edge.auth;

import org.springframework.security.oauth2.jwt.JwtException;

/** Redis could not say whether a token is revoked: the request fails closed with a 503. */
class RevocationCheckException extends JwtException {

    RevocationCheckException(Throwable cause) {
        super("revocation check unavailable", cause);
    }
}
