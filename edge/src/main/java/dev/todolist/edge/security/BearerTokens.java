package dev.todolist.edge.security;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Reads the bearer token of a request ({@code Authorization: Bearer <token68>}, RFC 6750, the scheme in any case),
 * the one way every route that needs a token reads it, with the grammar of Spring Security's own converter. No
 * {@code Authorization}, or another scheme, is no token (401 {@code missing_token}); a value that starts like
 * {@code Bearer} but is not one is {@link InvalidBearerTokenException} (401
 * {@code invalid_token}); two {@code Authorization} headers are {@link AmbiguousAuthorizationException} (400),
 * never "the first wins".
 */
final class BearerTokens {

    private static final String SCHEME = "Bearer";

    private BearerTokens() {
    }

    /** The token, or null when the request presents none. */
    static @Nullable String resolve(ServerHttpRequest request) {
        List<String> values = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new AmbiguousAuthorizationException();
        }
        String value = values.get(0);
        if (!value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        if (value.length() < SCHEME.length() + 2 || value.charAt(SCHEME.length()) != ' '
                || !isToken68(value.substring(SCHEME.length() + 1))) {
            throw new InvalidBearerTokenException("Bearer token is malformed");
        }
        return value.substring(SCHEME.length() + 1);
    }

    /** RFC 6750's b64token: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    static boolean isToken68(String token) {
        int end = token.length();
        while (end > 0 && token.charAt(end - 1) == '=') {
            end--;
        }
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
