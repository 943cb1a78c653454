/**
 * Access and refresh tokens from minting to revocation: HS256 access tokens, login sessions with rotating refresh
 * tokens in Redis, and the decoder that checks a token's signature, claims and revocation on every request.
 */
@NullMarked
package dev.todolist.edge.token;

import org.jspecify.annotations.NullMarked;
