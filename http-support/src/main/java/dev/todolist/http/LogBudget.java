package dev.todolist.http;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * How many lines of each kind may be written per second: past that, lines of that kind are left out and counted, and
 * summed up a second later, by kind, in one warning of their own ({@link #summariseLeftOut}). A client can make a
 * service refuse tens of thousands of requests a second (an invalid token costs the edge nothing; a stopped
 * database makes todo-core refuse every request at once); one line each would fill an operator's disk and drown the
 * lines that matter, while the metrics still count every refusal. Each kind (a status and its code) has its own
 * lines, so a flood of one cannot silence another: a burst of 401s used to take every line of a second, and the 429s
 * that came with it left none.
 */
public final class LogBudget implements AutoCloseable {

    private final int perSecond;

    private final LongSupplier nanoTime;

    private long second = Long.MIN_VALUE;

    private final Map<String, Integer> used = new HashMap<>();

    private final Map<String, Long> leftOut = new LinkedHashMap<>();

    private final Logger log;

    private final String lines;

    private final String countedIn;

    /** Writes the summary of the lines left out, off the event loops (none in a unit test, which calls it). */
    private final @Nullable ScheduledExecutorService summaries;

    /**
     * Lines of {@code log}, called {@code lines} in the summary ("refusal lines"), all counted by the metric
     * {@code countedIn}, summed up every second on a daemon thread of their own until {@link #close}.
     */
    public LogBudget(int perSecond, Logger log, String lines, String countedIn) {
        this(perSecond, System::nanoTime, log, lines, countedIn, Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("log-budget-summary").factory()));
        Objects.requireNonNull(summaries).scheduleWithFixedDelay(this::summariseLeftOut, 1, 1, TimeUnit.SECONDS);
    }

    LogBudget(int perSecond, LongSupplier nanoTime, Logger log, String lines, String countedIn,
            @Nullable ScheduledExecutorService summaries) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("A log budget must allow at least one line a second: " + perSecond);
        }
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
        this.log = log;
        this.lines = lines;
        this.countedIn = countedIn;
        this.summaries = summaries;
    }

    /** Whether a line of {@code kind} may be written now; if not, it is counted as left out. */
    public synchronized boolean take(String kind) {
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

    /** One warning for the lines left out since the last: how many of each kind, in the order first left out. */
    public void summariseLeftOut() {
        Map<String, Long> counts = leftOut();
        if (!counts.isEmpty()) {
            log.warn("Left out {} {}, over {} a second of a kind: {} ({} counts them all)",
                    counts.values().stream().mapToLong(Long::longValue).sum(), lines, perSecond,
                    counts.entrySet().stream().map(kind -> kind.getValue() + " x " + kind.getKey())
                        .collect(Collectors.joining(", ")),
                    countedIn);
        }
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

    /** Stops the summaries after a last one. */
    @Override
    public void close() {
        if (summaries != null) {
            summaries.shutdownNow();
        }
        summariseLeftOut();
    }
}
