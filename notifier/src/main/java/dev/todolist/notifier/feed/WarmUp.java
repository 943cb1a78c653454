package dev.todolist.notifier.feed;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.todolist.notifier.v1.ListFeedRequest;
import dev.todolist.notifier.v1.UserRequest;

/**
 * Runs the read path a few times before the notifier reports itself ready (readiness follows the ready event): the
 * first calls of a cold JVM and a cold connection pool were slower than the edge's deadline (800 ms) on a loaded
 * host, so the first users after a start or restart got 503s. Reads of a user id that has no feed change nothing;
 * a failed round (the database not answering in time) is counted, not fatal; the whole takes at most 30 s.
 */
@Component
class WarmUp {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private static final int ROUNDS = 20;

    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final NotifierService service;

    WarmUp(NotifierService service) {
        this.service = service;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        long start = System.nanoTime();
        long deadline = start + LIMIT.toNanos();
        int failed = 0;
        for (int round = 0; round < ROUNDS && System.nanoTime() < deadline; round++) {
            try {
                service.unreadCount(UserRequest.newBuilder().setUserId(Long.MAX_VALUE).build()).block(LIMIT);
                service.listFeed(ListFeedRequest.newBuilder().setUserId(Long.MAX_VALUE).setLimit(1).build())
                    .block(LIMIT);
            }
            catch (RuntimeException ex) { // e.g. slower than the database timeout: the statement still completes
                failed++;
            }
        }
        log.info("Read path warmed up in {} ms ({} of {} rounds failed)", (System.nanoTime() - start) / 1_000_000,
                failed, ROUNDS);
    }
}
