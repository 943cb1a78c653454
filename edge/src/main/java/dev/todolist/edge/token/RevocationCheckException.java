package dev.todolist.edge.token;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.JwtException;

/** Redis could not say whether a token is revoked: the request fails closed with a 503. */
public class RevocationCheckException extends JwtException {

    RevocationCheckException(@Nullable Throwable cause) {
        super("revocation check unavailable", cause);
    }
}
