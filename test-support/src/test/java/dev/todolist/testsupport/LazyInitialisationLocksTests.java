package dev.todolist.testsupport;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;
import org.springframework.util.function.SingletonSupplier;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** What BlockHound allows on a non-blocking thread: waiting for a library's one-time initialisation, and nothing else. */
class LazyInitialisationLocksTests {

    @Test
    void waitingForALazySingletonBeingInitialisedElsewhereIsAllowed() throws InterruptedException {
        CountDownLatch initialising = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SingletonSupplier<String> supplier = SingletonSupplier.of(() -> {
            initialising.countDown();
            await(release);
            return "registry";
        });
        Thread initialiser = Thread.ofPlatform().start(supplier::get);
        initialising.await(5, TimeUnit.SECONDS);

        // on a non-blocking thread, contended for the initialisation lock: parks until the initialiser is done
        Mono<String> second = Mono.fromSupplier(supplier::get).subscribeOn(Schedulers.parallel());
        Schedulers.single().schedule(release::countDown, 200, TimeUnit.MILLISECONDS);

        StepVerifier.create(second).expectNext("registry").verifyComplete();
        initialiser.join(5000);
    }

    @Test
    void theNettyAllocatorMethodAllowedStillExists() throws ClassNotFoundException {
        // BlockHound ignores a rule naming a method that is gone: a Netty upgrade that renames it must show here
        assertThat(Class.forName(LazyInitialisationLocks.NETTY_MAGAZINES).getDeclaredMethods())
            .extracting(java.lang.reflect.Method::getName)
            .contains(LazyInitialisationLocks.NETTY_MAGAZINES_GROW);
    }

    @Test
    void anyOtherContendedLockIsStillReported() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> {
            lock.lock();
            try {
                held.countDown();
                await(release);
            }
            finally {
                lock.unlock();
            }
        });
        held.await(5, TimeUnit.SECONDS);

        Mono<Void> contended = Mono.<Void>fromRunnable(() -> {
            lock.lock();
            lock.unlock();
        }).subscribeOn(Schedulers.parallel());

        StepVerifier.create(contended).expectError(BlockingOperationError.class).verify(Duration.ofSeconds(5));
        release.countDown();
        holder.join(5000);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
