package dev.todolist.edge.token;

import org.springframework.security.oauth2.jwt.BadJwtException;

/** The token's {@code jti} or its login session ({@code sid}) was revoked. */
public class RevokedTokenException extends BadJwtException {

    RevokedTokenException() {
        super("token revoked");
    }
}
