package dev.todolist.todo.task;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;

import dev.todolist.http.ApiException;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The moment a database stops answering decides the answer: before a change's commit, 503 at the deadline and the
 * change rolled back; after its commit was sent, which no database stall lets a test time (HungDatabaseIntegrationTests
 * stalls every statement), 504 once the commit has been waited for a little longer, the change perhaps made. Either
 * way the client is answered within the deadline and that wait: a balancer counts a longer silence as an instance hung.
 */
class DatabaseWorkTests {

    static final Duration DEADLINE = Duration.ofMillis(300);

    final DatabaseWork work = new DatabaseWork(new DatabaseWaitProperties(Duration.ofSeconds(1), DEADLINE));

    @Test
    void aChangeStalledBeforeItsCommitIs503AtTheDeadlineAndCannotCommitAfter() {
        AtomicReference<Mono<Void>> commit = new AtomicReference<>();
        Sinks.Empty<Void> database = Sinks.empty();
        Mono<String> change = work.change(beforeCommit -> {
            commit.set(beforeCommit);
            return database.asMono().then(beforeCommit).thenReturn("done");
        });

        StepVerifier.create(change).expectError(QueryTimeoutException.class).verify(DEADLINE.plusSeconds(2));

        StepVerifier.create(commit.get()).as("the step before the commit, once the database answers")
            .expectError(QueryTimeoutException.class)
            .verify(Duration.ofSeconds(1));
    }

    @Test
    void aChangeWhoseCommitWasSentIs504AfterTheDeadlineAndTheWaitForIt() {
        long start = System.nanoTime();
        Mono<String> change = work.change(beforeCommit -> beforeCommit.then(Mono.never()));

        StepVerifier.create(change)
            .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(ApiException.class,
                    api -> assertThat(api.getStatusCode().value()).isEqualTo(504)))
            .verify(Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .isBetween(DEADLINE.plus(DatabaseWork.UNCONFIRMED_COMMIT_WAIT).minusMillis(50),
                    DEADLINE.plus(DatabaseWork.UNCONFIRMED_COMMIT_WAIT).plusSeconds(1));
    }

    @Test
    void aChangeWhoseCommitIsConfirmedAfterTheDeadlineButWithinTheWaitIsItsResult() {
        Mono<String> change = work.change(beforeCommit -> beforeCommit.then(Mono.delay(DEADLINE.plusMillis(500)))
            .thenReturn("committed"));

        StepVerifier.create(change).expectNext("committed").verifyComplete();
    }
}
