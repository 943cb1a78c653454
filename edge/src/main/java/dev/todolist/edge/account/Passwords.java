package dev.todolist.edge.account;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

import dev.todolist.http.ApiException;
import dev.todolist.http.UnicodeText;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * bcrypt on a bounded scheduler of its own ({@code BCRYPT_THREADS}): never on an event loop, and a burst of logins
 * cannot take every core from the proxy. At most {@code BCRYPT_QUEUE} hashings wait for a thread; past that the
 * request is refused with 503 and {@code Retry-After} at once, instead of queueing without bound. Unknown users are
 * checked against a dummy hash of the same cost, so that they cost the same time as a wrong password; that hash is
 * made on a bcrypt thread once, while the rest of the edge starts (it took a tenth of a second of the start's main
 * thread), and a check that arrives before it is ready waits for it.
 */
@Component
class Passwords {

    static final int MIN_BYTES = 8;

    static final int MAX_BYTES = 72;

    /**
     * Refused in a new password: bcrypt ends its key with a NUL and repeats it to 72 bytes, so that {@code P},
     * {@code P\0P} and {@code P\0P\0P} were one password, and eight NULs the same as seventy-two. Still checked
     * at login (an account registered with one before keeps its password).
     */
    static final char NUL = '\u0000';

    static final String THREAD_PREFIX = "bcrypt";

    static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(1);

    private final BCryptPasswordEncoder encoder;

    private final Scheduler scheduler;

    private final Mono<String> dummyHash;

    Passwords(AccountProperties properties) {
        this.encoder = new BCryptPasswordEncoder(properties.bcryptCost());
        this.scheduler = Schedulers.newBoundedElastic(properties.effectiveBcryptThreads(), properties.bcryptQueue(),
                THREAD_PREFIX);
        this.dummyHash = Mono.fromCallable(() -> encoder.encode("dummy password for unknown users"))
            .subscribeOn(scheduler)
            .cache();
        this.dummyHash.subscribe();
    }

    static boolean acceptableLength(@Nullable String password) {
        if (password == null) {
            return false;
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        return bytes >= MIN_BYTES && bytes <= MAX_BYTES;
    }

    /**
     * Whether a password could have been registered: its length, and text throughout (a lone surrogate would be
     * hashed as {@code ?}, so that another password matched it).
     */
    static boolean possible(@Nullable String password) {
        return acceptableLength(password) && UnicodeText.isWellFormed(password);
    }

    Mono<String> hash(String password) {
        return onBcryptThreads(Mono.fromCallable(() -> encoder.encode(password)));
    }

    /**
     * Whether the password matches the hash; with no hash (unknown user) or an impossible password, the dummy hash
     * is checked all the same and the answer is no.
     */
    Mono<Boolean> matches(String password, @Nullable String hash) {
        boolean checkable = possible(password);
        String candidate = checkable ? password : "not a possible password";
        Mono<String> against = hash != null ? Mono.just(hash) : dummyHash;
        return against.flatMap(checked -> onBcryptThreads(
                Mono.fromCallable(() -> encoder.matches(candidate, checked) && checkable && hash != null)));
    }

    private <T> Mono<T> onBcryptThreads(Mono<T> work) {
        return work.subscribeOn(scheduler)
            .onErrorMap(RejectedExecutionException.class, busy -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE,
                    "service_unavailable", "Too many sign-ins at once; try again shortly.")
                .retryAfter(BUSY_RETRY_AFTER));
    }

    @PreDestroy
    void close() {
        scheduler.dispose();
    }
}
