package dev.todolist.http;

import java.time.Duration;

/**
 * The check every timeout setting needs: zero would switch the timeout off (Lettuce, Reactor Netty and Netty read 0
 * as "never"), which turns a promise such as "503 within a second when Redis hangs" into a request that hangs too.
 */
public final class Durations {

    private Durations() {
    }

    /** Throws, naming the environment variable, unless the duration is at least a millisecond. */
    public static void requirePositive(Duration duration, String variable) {
        if (duration.toMillis() < 1) {
            throw new IllegalArgumentException(variable + " must be at least 1ms, not " + duration);
        }
    }
}
