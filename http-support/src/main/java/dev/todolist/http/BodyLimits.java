package dev.todolist.http;

import java.time.Duration;

import org.springframework.util.unit.DataSize;

/** The sentences a client reads when its body is over a service's limits, derived from the limits' settings. */
public final class BodyLimits {

    private BodyLimits() {
    }

    /** E.g. "The request body is larger than 1 MiB." for {@code 1MB}. */
    public static String tooLargeDetail(DataSize limit) {
        return "The request body is larger than " + describe(limit) + ".";
    }

    /** E.g. "The whole request body must arrive within 30 s." for {@code 30s}. */
    public static String tooSlowDetail(Duration limit) {
        long millis = limit.toMillis();
        return "The whole request body must arrive within "
                + (millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms") + ".";
    }

    /** The size in the largest binary unit that states it exactly: {@code 1MB} is "1 MiB", 1500 bytes "1500 bytes". */
    static String describe(DataSize size) {
        long bytes = size.toBytes();
        if (bytes > 0 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes > 0 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }
}
