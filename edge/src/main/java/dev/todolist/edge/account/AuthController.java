package dev.todolist.edge.account;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.todolist.edge.account.Accounts.Registered;
import dev.todolist.edge.observability.EdgeMetrics;
import dev.todolist.edge.token.TokenPair;
import dev.todolist.http.ApiException;
import reactor.core.publisher.Mono;

/** {@code /auth/register}, {@code /auth/login}, {@code /auth/refresh} and {@code /auth/logout}, as the contract says. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class AuthController {

    private final Accounts accounts;

    private final Sessions sessions;

    private final RefreshCookies cookies;

    private final EdgeMetrics metrics;

    AuthController(Accounts accounts, Sessions sessions, RefreshCookies cookies, EdgeMetrics metrics) {
        this.metrics = metrics;
        this.accounts = accounts;
        this.sessions = sessions;
        this.cookies = cookies;
    }

    @PostMapping(path = "/auth/register", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<RegisteredView>> register(@RequestBody Credentials credentials) {
        return accounts.register(credentials)
            .map(user -> ResponseEntity.status(HttpStatus.CREATED).body(RegisteredView.of(user)))
            .transform(counted("register"));
    }

    @PostMapping(path = "/auth/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<TokenView>> login(@RequestBody Credentials credentials) {
        return sessions.login(credentials).map(this::withCookie).transform(counted("login"));
    }

    static final String REFRESH = "/auth/refresh";

    /**
     * A refused refresh token also clears the cookie, so that the browser stops presenting a dead token. Not when the
     * request carried several, since the edge cannot tell which of them is its own: then only the cookies a page of
     * another site may have planted below the edge's own path are cleared.
     */
    @PostMapping(REFRESH)
    Mono<ResponseEntity<TokenView>> refresh(ServerHttpRequest request, ServerHttpResponse response) {
        List<String> presented = cookies.presented(request);
        if (presented.isEmpty()) {
            return Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "missing_token", "No refresh token."));
        }
        return sessions.refresh(presented)
            .map(this::withCookie)
            .transform(counted("refresh"))
            .doOnError(ApiException.class, refused -> {
                if (presented.size() == 1) {
                    response.getHeaders().add(HttpHeaders.SET_COOKIE, cookies.cleared().toString());
                }
                else {
                    cookies.plantedCleared()
                        .forEach(planted -> response.getHeaders().add(HttpHeaders.SET_COOKIE, planted.toString()));
                }
            });
    }

    @PostMapping("/auth/logout")
    Mono<ResponseEntity<Map<String, String>>> logout(@AuthenticationPrincipal Jwt accessToken,
            ServerHttpRequest request) {
        return sessions.logout(accessToken, cookies.presented(request))
            .thenReturn(ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, cookies.cleared().toString())
                .body(Map.of("message", "Logged out successfully")))
            .transform(counted("logout"));
    }

    /** Counts the action's outcome: {@code ok}, the refusal's code, or {@code error} for anything unexpected. */
    private <T> Function<Mono<T>, Mono<T>> counted(String action) {
        return answer -> answer.doOnSuccess(ok -> metrics.auth(action, "ok"))
            .doOnError(ex -> metrics.auth(action, ex instanceof ApiException api ? api.code() : "error"));
    }

    private ResponseEntity<TokenView> withCookie(TokenPair tokens) {
        return ResponseEntity.ok()
            .header(HttpHeaders.SET_COOKIE, cookies.holding(tokens).toString())
            .header(HttpHeaders.CACHE_CONTROL, "no-store")
            .body(TokenView.of(tokens));
    }

    record RegisteredView(@JsonProperty("user_id") long userId, String email) {

        static RegisteredView of(Registered user) {
            return new RegisteredView(user.userId(), user.email());
        }
    }

    /** The contract's login answer; {@code token} repeats {@code access_token} for the existing GUI. */
    record TokenView(@JsonProperty("access_token") String accessToken, String token,
            @JsonProperty("token_type") String tokenType, @JsonProperty("expires_in") long expiresIn, UserView user) {

        static TokenView of(TokenPair tokens) {
            return new TokenView(tokens.accessToken(), tokens.accessToken(), "Bearer", tokens.expiresInSeconds(),
                    new UserView(tokens.userId(), tokens.email()));
        }
    }

    record UserView(long id, String email) {
    }
}
