package dev.todolist.todo.task;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.todolist.http.ApiException;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A request's database work: once started it runs to its end whatever the HTTP side does, but its client waits at
 * most {@code MYSQL_REQUEST_DEADLINE} ({@link DatabaseWaitProperties}) for it.
 * <p>
 * Never cancelled: when a query's row demand was cancelled mid-result (a load generator stopping, a closed tab, an
 * edge timing out), r2dbc-mysql behind r2dbc-pool left connections that the pool handed out again but that never ran
 * another query; after a few hundred such clients every request hung ({@code scripts/disconnect-soak.sh} reproduces
 * it in seconds). So a client that leaves stops the writing, not the query. Listings are read in bounded pages
 * ({@link ListingPage}), each of them run like a single-row statement.
 * <p>
 * The deadline: a database that does not answer (stopped, or behind a network that drops packets) used to hold a
 * request until the edge answered {@code 504} after its {@code PROXY_RESPONSE_TIMEOUT}, and a change then committed
 * when the database resumed, so that a client that repeated it made it twice. Now the client is answered {@code 503}
 * at the deadline (a {@link QueryTimeoutException}, the database being unavailable), and a change that has not yet
 * reached its commit is abandoned: its transaction rolls back whenever the database answers again. A change whose
 * commit was already sent cannot be taken back: it is waited for {@link #UNCONFIRMED_COMMIT_WAIT} more, then answered
 * {@code 504 upstream_timeout} (it may have been made). So todo-core answers every request within the deadline and
 * that wait: a balancer in front counts only a silence longer than both as an instance hung (a database stall made
 * it take both todo-cores out when commits in flight waited on).
 */
@Component
class DatabaseWork {

    /** How long a change whose commit was sent before the deadline is waited for after it. */
    static final Duration UNCONFIRMED_COMMIT_WAIT = Duration.ofMillis(1500);

    private static final Logger log = LoggerFactory.getLogger(DatabaseWork.class);

    private final Duration deadline;

    DatabaseWork(DatabaseWaitProperties properties) {
        this.deadline = properties.requestDeadline();
    }

    /** Work that changes nothing: at the deadline its client is answered, and the work ends unwatched. */
    <T> Mono<T> read(Mono<T> work) {
        return Mono.deferContextual(context -> started(work.contextWrite(context))
            .timeout(deadline, Mono.error(this::passed)));
    }

    /**
     * A transaction: {@code transaction} is given the step to run last in it, just before its commit, which fails
     * (and so rolls the transaction back) once its client has been answered at the deadline.
     */
    <T> Mono<T> change(Function<Mono<Void>, Mono<T>> transaction) {
        return Mono.deferContextual(context -> {
            Commit commit = new Commit();
            Mono<T> running = started(transaction.apply(commit.begin()).contextWrite(context));
            return running.timeout(deadline, Mono.defer(() -> commit.abandon() ? Mono.error(passed())
                    : running.timeout(UNCONFIRMED_COMMIT_WAIT, Mono.error(this::unconfirmed))));
        });
    }

    /**
     * The work runs on its own: unsubscribing from what this returns does not cancel it, and its outcome is kept for
     * whoever subscribes, or for no one (an outcome no one waits for any more is not an error dropped).
     */
    private static <T> Mono<T> started(Mono<T> work) {
        Sinks.One<T> outcome = Sinks.one();
        work.subscribe(outcome::tryEmitValue, outcome::tryEmitError, outcome::tryEmitEmpty);
        return outcome.asMono();
    }

    private QueryTimeoutException passed() {
        return new QueryTimeoutException("the database did not answer within MYSQL_REQUEST_DEADLINE (" + deadline
                + "); a change not yet committing rolls back when it does");
    }

    private ApiException unconfirmed() {
        log.warn("The database did not confirm a commit within MYSQL_REQUEST_DEADLINE ({}) and {} more: answered 504, "
                + "the change may have been made", deadline, UNCONFIRMED_COMMIT_WAIT);
        return new ApiException(HttpStatus.GATEWAY_TIMEOUT, "upstream_timeout",
                "The task database did not confirm the change in time; it may have been made: read it before "
                        + "repeating it.");
    }

    /** Whether a transaction went on to its commit or was abandoned first: whichever comes first wins. */
    private static final class Commit {

        private static final int RUNNING = 0;

        private static final int COMMITTING = 1;

        private static final int ABANDONED = 2;

        private final AtomicInteger state = new AtomicInteger(RUNNING);

        Mono<Void> begin() {
            return Mono.defer(() -> state.compareAndSet(RUNNING, COMMITTING) ? Mono.empty()
                    : Mono.error(new QueryTimeoutException("abandoned at MYSQL_REQUEST_DEADLINE: rolled back")));
        }

        boolean abandon() {
            return state.compareAndSet(RUNNING, ABANDONED);
        }
    }
}
