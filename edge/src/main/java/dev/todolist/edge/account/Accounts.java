package dev.todolist.edge.account;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import dev.todolist.http.ApiException;
import dev.todolist.http.UnicodeText;
import reactor.core.publisher.Mono;

/** Registration: a valid email and password become a user with a bcrypt hash. */
@Service
class Accounts {

    private final Users users;

    private final Passwords passwords;

    Accounts(Users users, Passwords passwords) {
        this.users = users;
        this.passwords = passwords;
    }

    /** The new user's id; 400 for an invalid email or password, 409 for an email already registered. */
    Mono<Registered> register(Credentials credentials) {
        String email = credentials.normalizedEmail();
        if (!Credentials.isValidEmail(email)) {
            return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "validation_failed",
                    "email must be a valid address of at most " + Credentials.MAX_EMAIL_LENGTH + " characters."));
        }
        if (!Passwords.acceptableLength(credentials.password())) {
            return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "validation_failed",
                    "password must be " + Passwords.MIN_BYTES + " to " + Passwords.MAX_BYTES + " bytes long."));
        }
        if (!UnicodeText.isWellFormed(credentials.password())) {
            return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "validation_failed",
                    "password must be valid Unicode text."));
        }
        if (credentials.password().indexOf(Passwords.NUL) >= 0) {
            return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "validation_failed",
                    "password must not contain the NUL character (U+0000)."));
        }
        return passwords.hash(credentials.password())
            .flatMap(hash -> users.create(email, hash))
            .map(id -> new Registered(id, email));
    }

    record Registered(long userId, String email) {
    }
}
