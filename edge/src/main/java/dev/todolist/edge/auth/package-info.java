/** Users, passwords, access and refresh tokens, their revocation in Redis, and the auth routes' rate limits. */
@NullMarked
package dev.todolist.edge.auth;

import org.jspecify.annotations.NullMarked;
