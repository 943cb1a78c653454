package dev.todolist.edge.observability;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How many lines of each kind may be written per second: past that, lines of that kind are left out and counted until
 * {@link #leftOut} hands the counts over for one summary line. A client can make the edge refuse tens of thousands of
 * requests a second (an invalid token costs it nothing); one line each would fill an operator's disk and drown the
 * lines that matter, while the metrics still count every refusal. Each kind (a status and its code) has its own
 * lines, so a flood of one cannot silence another: a burst of 401s used to take every line of a second, and the 429s
 * that came with it left none.
 */
final class LogBudget {

    private final int perSecond;

    private final LongSupplier nanoTime;

    private long second = Long.MIN_VALUE;

    private final Map<String, Integer> used = new HashMap<>();

    private final Map<String, Long> leftOut = new LinkedHashMap<>();

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

    /** Whether a line of {@code kind} may be written now; if not, it is counted as left out. */
    synchronized boolean take(String kind) {
        long now = nanoTime.getAsLong() / 1_000_000_000L;
        if (now != second) {
            second = now;
            used.clear();
        }
        if (used.merge(kind, 1, Integer::sum) > perSecond) {
            leftOut.merge(kind, 1L, Long::sum);
            return false;
        }
        return true;
    }

    /** The lines left out since the last call, by kind, in the order their kinds were first left out. */
    synchronized Map<String, Long> leftOut() {
        if (leftOut.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> counts = new LinkedHashMap<>(leftOut);
        leftOut.clear();
        return counts;
    }
}
