package dev.todolist.edge.token;

/**
 * What a login or a refresh hands out: an access token and its lifetime, the next refresh token and its lifetime
 * (renewed at each use), and whose they are.
 */
public record TokenPair(String accessToken, long expiresInSeconds, String refreshToken, long refreshExpiresInSeconds,
        long userId, String email) {
}
