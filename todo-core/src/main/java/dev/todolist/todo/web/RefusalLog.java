package dev.todolist.todo.web;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.todolist.http.LogBudget;
import dev.todolist.http.ObservationScopes;
import reactor.core.publisher.Mono;

/**
 * The lines todo-core writes about requests it refuses (its internal credential missing or wrong, its database
 * unavailable, the caller's user gone): at most {@link #LINES_PER_SECOND} a second of each kind, the rest summed up
 * a second later ({@link LogBudget}). A stopped database used to write one warning for every request refused, about
 * 1 150 lines in 14 s under load, and a client without the credential one for each of its requests.
 */
@Component
public class RefusalLog {

    /** Enough for every refusal of normal use and the start of any incident; a flood is summed up. */
    public static final int LINES_PER_SECOND = 20;

    private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);

    private final LogBudget budget = new LogBudget(LINES_PER_SECOND, log, "refusal lines",
            "http_server_requests_seconds_count");

    /** Writes {@code line} (a refusal of {@code kind}) within the request's observation, unless over the budget. */
    public Mono<Void> write(String kind, Runnable line) {
        return budget.take(kind) ? ObservationScopes.runWithinRequest(line) : Mono.empty();
    }

    @PreDestroy
    void stop() {
        budget.close();
    }
}
