package dev.todolist.edge.auth;

import java.nio.charset.StandardCharsets;

import jakarta.annotation.PreDestroy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * bcrypt on a bounded scheduler of its own ({@code BCRYPT_THREADS}, default half the cores): never on an event
 * loop, and a burst of logins cannot take every core from the proxy. Unknown users are checked against a dummy
 * hash of the same cost, so that they cost the same time as a wrong password.
 */
@Component
class Passwords {

    static final int MIN_BYTES = 8;

    static final int MAX_BYTES = 72;

    private final BCryptPasswordEncoder encoder;

    private final Scheduler scheduler;

    private final String dummyHash;

    Passwords(AuthProperties properties) {
        this.encoder = new BCryptPasswordEncoder(properties.bcryptCost());
        this.scheduler = Schedulers.newBoundedElastic(properties.bcryptThreads(), 10_000, "bcrypt");
        this.dummyHash = encoder.encode("dummy password for unknown users");
    }

    static boolean acceptableLength(String password) {
        if (password == null) {
            return false;
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        return bytes >= MIN_BYTES && bytes <= MAX_BYTES;
    }

    Mono<String> hash(String password) {
        return Mono.fromCallable(() -> encoder.encode(password)).subscribeOn(scheduler);
    }

    /**
     * Whether the password matches the hash; with no hash (unknown user) or a password of impossible length, the
     * dummy hash is checked all the same and the answer is no.
     */
    Mono<Boolean> matches(String password, String hash) {
        boolean possible = hash != null && acceptableLength(password);
        String candidate = acceptableLength(password) ? password : "not a possible password";
        String against = hash != null ? hash : dummyHash;
        return Mono.fromCallable(() -> encoder.matches(candidate, against) && possible).subscribeOn(scheduler);
    }

    @PreDestroy
    void close() {
        scheduler.dispose();
    }
}
