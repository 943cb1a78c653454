package dev.todolist.edge.account;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import dev.todolist.http.ApiException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bcrypt is CPU work BlockHound cannot see: these tests check the thread it runs on, and that a full queue is a
 * 503 at once rather than an unbounded wait.
 */
class PasswordsTests {

    private static Passwords passwords(int threads, int queue) {
        return new Passwords(new AccountProperties(10, threads, queue, Duration.ofSeconds(5), false));
    }

    @Test
    void hashingAndCheckingNeverRunOnTheCallersEventLoop() {
        Passwords passwords = passwords(1, 4);
        AtomicReference<String> thread = new AtomicReference<>();
        String hash = Mono.defer(() -> passwords.hash("correct horse"))
            .doOnNext(value -> thread.set(Thread.currentThread().getName()))
            .subscribeOn(Schedulers.parallel())
            .block(Duration.ofSeconds(10));
        assertThat(thread.get()).startsWith(Passwords.THREAD_PREFIX);
        Boolean matches = passwords.matches("correct horse", hash)
            .doOnNext(value -> thread.set(Thread.currentThread().getName()))
            .subscribeOn(Schedulers.parallel())
            .block(Duration.ofSeconds(10));
        assertThat(matches).isTrue();
        assertThat(thread.get()).startsWith(Passwords.THREAD_PREFIX);
        passwords.close();
    }

    @Test
    void anUnknownUsersCheckRightAfterStartWaitsForTheDummyHashAndAnswersNoOnABcryptThread() {
        Passwords passwords = passwords(1, 4);
        AtomicReference<String> thread = new AtomicReference<>();
        Boolean matches = passwords.matches("any password at all", null)
            .doOnNext(value -> thread.set(Thread.currentThread().getName()))
            .subscribeOn(Schedulers.parallel())
            .block(Duration.ofSeconds(10));
        assertThat(matches).isFalse();
        assertThat(thread.get()).startsWith(Passwords.THREAD_PREFIX);
        passwords.close();
    }

    @Test
    void aFullQueueIsRefusedAtOnceWith503() {
        Passwords passwords = passwords(1, 2);
        List<Mono<Object>> burst = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            burst.add(passwords.matches("wrong password", null).cast(Object.class).onErrorResume(ApiException.class,
                    Mono::just));
        }
        List<Object> outcomes = Flux.merge(burst).collectList().block(Duration.ofSeconds(30));
        List<ApiException> refused = outcomes.stream().filter(ApiException.class::isInstance)
            .map(ApiException.class::cast).toList();
        assertThat(refused).isNotEmpty();
        assertThat(refused).allSatisfy(ex -> {
            assertThat(ex.getStatusCode().value()).isEqualTo(503);
            assertThat(ex.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        });
        assertThat(outcomes).contains(Boolean.FALSE);
        StepVerifier.create(passwords.matches("wrong password", null)).expectNext(false).verifyComplete();
        passwords.close();
    }
}
