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
 * bcrypt is CPU work BlockHound cannot see: these tests check the thread it runs on, that a full queue is a 503 at
 * once rather than an unbounded wait, and that a login that cannot succeed still pays for a check.
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
    void anUnknownUserOrAnImpossiblePasswordCostsABcryptCheckLikeAWrongPassword() {
        Passwords passwords = passwords(1, 4);
        String hash = passwords.hash("correct horse").block(Duration.ofSeconds(10));
        passwords.matches("warm-up", null).block(Duration.ofSeconds(10));
        long wrong = 0;
        long unknown = 0;
        long impossible = 0;
        for (int i = 0; i < 5; i++) { // interleaved, so that a slow moment hurts all three alike
            wrong += nanos(passwords.matches("wrong password", hash));
            unknown += nanos(passwords.matches("wrong password", null));
            impossible += nanos(passwords.matches("x".repeat(Passwords.MAX_BYTES + 1), hash));
            impossible += nanos(passwords.matches("\ud800 lone surrogate", hash));
        }
        // at cost 10 a check takes tens of milliseconds; an answer that skipped it would take well under one
        assertThat((double) unknown / wrong).as("unknown user / wrong password").isGreaterThan(0.5);
        assertThat((double) impossible / 2 / wrong).as("impossible password / wrong password").isGreaterThan(0.5);
        passwords.close();
    }

    record Outcome(Object answer, Duration took) {
    }

    private static long nanos(Mono<Boolean> check) {
        long start = System.nanoTime();
        assertThat(check.block(Duration.ofSeconds(10))).isFalse();
        return System.nanoTime() - start;
    }

    @Test
    void aFullQueueIsRefusedAtOnceWith503() {
        Passwords passwords = passwords(1, 2);
        List<Mono<Outcome>> burst = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            burst.add(Mono.defer(() -> {
                long start = System.nanoTime();
                return passwords.matches("wrong password", null)
                    .<Object>map(answer -> answer)
                    .onErrorResume(ApiException.class, Mono::just)
                    .map(answer -> new Outcome(answer, Duration.ofNanos(System.nanoTime() - start)));
            }));
        }
        List<Outcome> outcomes = Flux.merge(burst).collectList().block(Duration.ofSeconds(30));
        List<Outcome> refused = outcomes.stream().filter(outcome -> outcome.answer() instanceof ApiException).toList();
        List<Outcome> checked = outcomes.stream().filter(outcome -> Boolean.FALSE.equals(outcome.answer())).toList();
        assertThat(refused).isNotEmpty();
        assertThat(checked).isNotEmpty();
        assertThat(refused).allSatisfy(outcome -> {
            ApiException ex = (ApiException) outcome.answer();
            assertThat(ex.getStatusCode().value()).isEqualTo(503);
            assertThat(ex.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        });
        // at once: sooner than the quickest answer that waited for a check (a bcrypt of cost 10, tens of ms)
        Duration quickestCheck = checked.stream().map(Outcome::took).min(Duration::compareTo).orElseThrow();
        assertThat(refused).allSatisfy(outcome -> assertThat(outcome.took()).isLessThan(quickestCheck));
        StepVerifier.create(passwords.matches("wrong password", null)).expectNext(false).verifyComplete();
        passwords.close();
    }
}
