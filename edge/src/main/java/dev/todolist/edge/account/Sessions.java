package dev.todolist.edge.account;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Service;

import dev.todolist.edge.account.Users.User;
import dev.todolist.edge.token.SessionTokens;
import dev.todolist.edge.token.TokenPair;
import dev.todolist.http.ApiException;
import reactor.core.publisher.Mono;

/**
 * Signing in and out: login checks the password (an unknown email costs the same bcrypt as a wrong password, and
 * gets the same answer) and opens a session; refresh and logout go to the session's tokens.
 */
@Service
class Sessions {

    private final Users users;

    private final Passwords passwords;

    private final SessionTokens tokens;

    Sessions(Users users, Passwords passwords, SessionTokens tokens) {
        this.users = users;
        this.passwords = passwords;
        this.tokens = tokens;
    }

    Mono<TokenPair> login(Credentials credentials) {
        String email = credentials.normalizedEmail();
        String password = credentials.password();
        if (email == null || password == null) {
            return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "malformed_json",
                    "The body must be a JSON object with email and password."));
        }
        Mono<User> user = Credentials.isValidEmail(email) ? users.findByEmail(email) : Mono.empty();
        return user.map(Candidate::new)
            .defaultIfEmpty(Candidate.NOBODY)
            .flatMap(candidate -> passwords.matches(password, candidate.hash())
                .flatMap(ok -> ok ? tokens.open(candidate.user().id(), candidate.user().email())
                        : Mono.error(invalidCredentials())));
    }

    Mono<TokenPair> refresh(List<String> refreshTokens) {
        return tokens.refresh(refreshTokens);
    }

    Mono<Void> logout(Jwt accessToken, List<String> refreshCookies) {
        return tokens.close(accessToken, refreshCookies);
    }

    private static ApiException invalidCredentials() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "invalid_credentials", "invalid credentials");
    }

    private record Candidate(User user) {

        static final Candidate NOBODY = new Candidate(null);

        String hash() {
            return user == null ? null : user.passwordHash();
        }
    }
}
