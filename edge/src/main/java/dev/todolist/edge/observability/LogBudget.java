package dev.todolist.edge.observability;

import java.util.function.LongSupplier;

/**
 * How many lines of one kind may be written per second: past that, lines are left out and counted, and the next
 * line written says how many were left out before it. A client can make the edge refuse tens of thousands of
 * requests a second (an invalid token costs it nothing); one line each would fill an operator's disk and drown
 * the lines that matter, while the metrics still count every refusal.
 */
final class LogBudget {

    private final int perSecond;

    private final LongSupplier nanoTime;

    private long second = Long.MIN_VALUE;

    private int used;

    private long leftOut;

    LogBudget(int perSecond, LongSupplier nanoTime) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("A log budget must allow at least one line a second: " + perSecond);
        }
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
    }

    LogBudget(int perSecond) {
        this(perSecond, System::nanoTime);
    }

    /**
     * Whether a line may be written now: -1 if not (it is counted as left out), otherwise how many lines were left
     * out since the last one written (0 mostly).
     */
    synchronized long take() {
        long now = nanoTime.getAsLong() / 1_000_000_000L;
        if (now != second) {
            second = now;
            used = 0;
        }
        if (used >= perSecond) {
            leftOut++;
            return -1;
        }
        used++;
        long before = leftOut;
        leftOut = 0;
        return before;
    }
}
