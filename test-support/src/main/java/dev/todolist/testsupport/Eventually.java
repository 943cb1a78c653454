package dev.todolist.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a condition a test expects to come true (a change to arrive, a breaker to open): polled, with a limit.
 * One place for it, so that no test class calls another's helper: that would run the other class's static set-up (a
 * database, a notifier process) in a JVM that may never run its tests, or close what it started.
 */
public final class Eventually {

    private Eventually() {
    }

    /** Whether {@code condition} holds within {@code limit}, polled every {@code poll}. */
    public static boolean holds(Duration limit, Duration poll, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(poll);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Returns once {@code condition} holds, polled every 100 ms; fails naming {@code what} after {@code limit}. */
    public static void await(Duration limit, BooleanSupplier condition, String what) {
        if (!holds(limit, Duration.ofMillis(100), condition)) {
            throw new AssertionError("Not reached within " + limit + ": " + what);
        }
    }
}
