package dev.todolist.edge.account;

import java.util.List;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

import dev.todolist.edge.token.TokenPair;

/**
 * The refresh token's cookie: {@code refresh_token}, {@code HttpOnly}, {@code SameSite=Lax}, only sent to
 * {@code /auth}, {@code Secure} when {@code REFRESH_COOKIE_SECURE} says the edge is served over HTTPS.
 */
@Component
class RefreshCookies {

    static final String NAME = "refresh_token";

    private static final String PATH = "/auth";

    private final boolean secure;

    RefreshCookies(AccountProperties properties) {
        this.secure = properties.cookieSecure();
    }

    /** The values of every refresh cookie the request carried (a browser sends each it holds for the path). */
    List<String> presented(ServerHttpRequest request) {
        return request.getCookies().getOrDefault(NAME, List.of()).stream()
            .map(HttpCookie::getValue)
            .filter(value -> !value.isBlank())
            .toList();
    }

    ResponseCookie holding(TokenPair tokens) {
        return base(tokens.refreshToken()).maxAge(tokens.refreshExpiresInSeconds()).build();
    }

    /** Tells the browser to forget the cookie. */
    ResponseCookie cleared() {
        return base("").maxAge(0).build();
    }

    private ResponseCookie.ResponseCookieBuilder base(String value) {
        return ResponseCookie.from(NAME, value).httpOnly(true).secure(secure).sameSite("Lax").path(PATH);
    }
}
