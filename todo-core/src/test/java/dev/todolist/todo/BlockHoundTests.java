package dev.todolist.todo;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** BlockHound is installed in every test JVM (blockhound-junit-platform): a blocking call on a non-blocking thread fails. */
class BlockHoundTests {

    @Test
    void blockingOnANonBlockingThreadIsReported() {
        Mono<Void> sleeping = Mono.<Void>fromRunnable(() -> {
            try {
                Thread.sleep(10);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }).subscribeOn(Schedulers.parallel());

        StepVerifier.create(sleeping).expectError(BlockingOperationError.class).verify(Duration.ofSeconds(5));
    }
}
