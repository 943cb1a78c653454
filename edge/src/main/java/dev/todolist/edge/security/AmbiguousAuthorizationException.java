package dev.todolist.edge.security;

import org.springframework.security.core.AuthenticationException;

/** The request carries more than one {@code Authorization} header: which one counts is not for the edge to guess. */
class AmbiguousAuthorizationException extends AuthenticationException {

    AmbiguousAuthorizationException() {
        super("more than one Authorization header");
    }
}
