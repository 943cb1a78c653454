package dev.todolist.edge.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.todolist.edge.auth.RefreshTokens.Rotation;
import dev.todolist.edge.auth.RefreshTokens.Session;
import dev.todolist.edge.auth.Users.User;
import dev.todolist.edge.web.ApiException;
import reactor.core.publisher.Mono;

/** {@code /auth/register}, {@code /auth/login}, {@code /auth/refresh} and {@code /auth/logout}, as the contract says. */
@RestController
class AuthController {

    static final String COOKIE = "refresh_token";

    private static final String COOKIE_PATH = "/auth";

    private final Users users;

    private final Passwords passwords;

    private final AccessTokens accessTokens;

    private final RefreshTokens refreshTokens;

    private final TokenBlacklist blacklist;

    private final RandomTokens random;

    private final AuthProperties properties;

    private final Clock clock;

    AuthController(Users users, Passwords passwords, AccessTokens accessTokens, RefreshTokens refreshTokens,
            TokenBlacklist blacklist, RandomTokens random, AuthProperties properties, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.blacklist = blacklist;
        this.random = random;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping("/auth/register")
    Mono<ResponseEntity<Registered>> register(@RequestBody Credentials credentials) {
        String email = credentials.normalizedEmail();
        if (!Credentials.isValidEmail(email)) {
            return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "validation_failed",
                    "email must be a valid address of at most 254 characters."));
        }
        if (!Passwords.acceptableLength(credentials.password())) {
            return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "validation_failed",
                    "password must be 8 to 72 bytes long."));
        }
        return passwords.hash(credentials.password())
            .flatMap(hash -> users.create(email, hash))
            .map(id -> ResponseEntity.status(HttpStatus.CREATED).body(new Registered(id, email)));
    }

    @PostMapping("/auth/login")
    Mono<ResponseEntity<TokenResponse>> login(@RequestBody Credentials credentials) {
        String email = credentials.normalizedEmail();
        if (email == null || credentials.password() == null) {
            return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "malformed_json",
                    "The body must be a JSON object with email and password."));
        }
        Mono<User> user = Credentials.isValidEmail(email) ? users.findByEmail(email) : Mono.empty();
        return user.map(found -> new Candidate(found, found.passwordHash()))
            .defaultIfEmpty(new Candidate(null, null))
            .flatMap(candidate -> passwords.matches(credentials.password(), candidate.hash())
                .flatMap(ok -> ok ? startSession(candidate.user()) : Mono.error(invalidCredentials())));
    }

    /** A refused refresh token also clears the cookie, so that the browser stops presenting a dead token. */
    @PostMapping("/auth/refresh")
    Mono<ResponseEntity<TokenResponse>> refresh(@CookieValue(name = COOKIE, required = false) String token,
            ServerHttpResponse response) {
        if (token == null || token.isBlank()) {
            return Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "missing_token", "No refresh token."));
        }
        return refreshTokens.rotate(token)
            .map(this::refreshed)
            .doOnError(ApiException.class,
                    refused -> response.getHeaders().add(HttpHeaders.SET_COOKIE, clearedCookie().toString()));
    }

    @PostMapping("/auth/logout")
    Mono<ResponseEntity<Map<String, String>>> logout(@AuthenticationPrincipal Jwt jwt,
            @CookieValue(name = COOKIE, required = false) String token) {
        Duration remaining = Duration.between(clock.instant(), jwt.getExpiresAt() == null ? Instant.EPOCH
                : jwt.getExpiresAt());
        return blacklist.revokeToken(jwt.getId(), remaining)
            .then(refreshTokens.revokeSession(jwt.getClaimAsString("sid"), token))
            .thenReturn(ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, clearedCookie().toString())
                .body(Map.of("message", "Logged out successfully")));
    }

    private Mono<ResponseEntity<TokenResponse>> startSession(User user) {
        Session session = new Session(user.id(), random.next(16), user.email());
        return refreshTokens.issue(session).map(refreshToken -> tokens(session, refreshToken));
    }

    private ResponseEntity<TokenResponse> refreshed(Rotation rotation) {
        return switch (rotation.outcome()) {
            case ROTATED -> tokens(rotation.session(), rotation.token());
            case UNKNOWN -> throw new ApiException(HttpStatus.UNAUTHORIZED, "invalid_token",
                    "The refresh token is invalid or expired.");
            case REVOKED, REUSED -> throw new ApiException(HttpStatus.UNAUTHORIZED, "token_revoked",
                    "The refresh token was revoked.");
        };
    }

    private ResponseEntity<TokenResponse> tokens(Session session, String refreshToken) {
        AccessTokens.Issued access = accessTokens.issue(session.userId(), session.sessionId());
        ResponseCookie cookie = ResponseCookie.from(COOKIE, refreshToken)
            .httpOnly(true)
            .secure(properties.cookieSecure())
            .sameSite("Lax")
            .path(COOKIE_PATH)
            .maxAge(properties.refreshTokenTtl())
            .build();
        return ResponseEntity.ok()
            .header(HttpHeaders.SET_COOKIE, cookie.toString())
            .header(HttpHeaders.CACHE_CONTROL, "no-store")
            .body(new TokenResponse(access.token(), access.token(), "Bearer", access.expiresInSeconds(),
                    new UserView(session.userId(), session.email())));
    }

    private ResponseCookie clearedCookie() {
        return ResponseCookie.from(COOKIE, "")
            .httpOnly(true)
            .secure(properties.cookieSecure())
            .sameSite("Lax")
            .path(COOKIE_PATH)
            .maxAge(0)
            .build();
    }

    private static ApiException invalidCredentials() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "invalid_credentials", "invalid credentials");
    }

    private record Candidate(User user, String hash) {
    }

    record Registered(@JsonProperty("user_id") long userId, String email) {
    }

    record TokenResponse(@JsonProperty("access_token") String accessToken, String token,
            @JsonProperty("token_type") String tokenType, @JsonProperty("expires_in") long expiresIn, UserView user) {
    }

    record UserView(long id, String email) {
    }
}
