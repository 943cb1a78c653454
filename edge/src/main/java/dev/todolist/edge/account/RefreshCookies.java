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

    /** The paths below {@link #PATH} that {@code POST /auth/refresh} matches. */
    private static final List<String> PLANTABLE_PATHS = List.of(PATH + "/", AuthController.REFRESH);

    private final boolean secure;

    RefreshCookies(AccountProperties properties) {
        this.secure = properties.cookieSecure();
    }

    /**
     * The values of the refresh cookies the request carried (a browser sends each it holds for the path), each value
     * once, blank ones left out.
     */
    List<String> presented(ServerHttpRequest request) {
        return request.getCookies().getOrDefault(NAME, List.of()).stream()
            .map(HttpCookie::getValue)
            .filter(value -> !value.isBlank())
            .distinct()
            .toList();
    }

    ResponseCookie holding(TokenPair tokens) {
        return base(tokens.refreshToken(), PATH).maxAge(tokens.refreshExpiresInSeconds()).build();
    }

    /** Tells the browser to forget the cookie. */
    ResponseCookie cleared() {
        return base("", PATH).maxAge(0).build();
    }

    /**
     * Tells the browser to forget a cookie of the same name planted under a path below the edge's own that the
     * refresh route matches (a page of another site on the same host can set one, and the browser sends it first):
     * the edge's own cookie, under {@code /auth}, is left alone.
     */
    List<ResponseCookie> plantedCleared() {
        return PLANTABLE_PATHS.stream()
            .map(path -> base("", path).maxAge(0).build())
            .toList();
    }

    private ResponseCookie.ResponseCookieBuilder base(String value, String path) {
        return ResponseCookie.from(NAME, value).httpOnly(true).secure(secure).sameSite("Lax").path(path);
    }
}
