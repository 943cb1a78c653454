/**
 * Who may call what: the security chain of the edge's own routes, the bearer-token authentication the proxied
 * routes share with it, their refusals (401, 503 when revocation cannot be checked), and the security headers.
 */
@NullMarked
package dev.todolist.edge.security;

import org.jspecify.annotations.NullMarked;
