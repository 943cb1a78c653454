package dev.todolist.todo.web;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP date in any of the three forms a recipient must read (RFC 9110, 5.6.7): IMF-fixdate
 * ({@code Sun, 06 Nov 1994 08:49:37 GMT}), the obsolete RFC 850 form ({@code Sunday, 06-Nov-94 08:49:37 GMT}, its
 * two-digit year in this century unless that is more than 50 years ahead, then in the last) and asctime's
 * ({@code Sun Nov  6 08:49:37 1994}). Spring's {@code HttpHeaders} reads the first only.
 */
public final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    /**
     * After its day's name (which names a weekday of the other century when the year is moved): its two-digit year read
     * as 20yy first, then moved a century back if that is more than 50 years ahead.
     */
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder().appendPattern("dd-MMM-")
        .appendValueReduced(ChronoField.YEAR, 2, 2, 2000)
        .appendPattern(" HH:mm:ss 'GMT'")
        .toFormatter(Locale.US)
        .withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
        .withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    /** The instant, or null when the text is none of the three forms. */
    public static @Nullable Instant parse(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String value = text.strip();
        Instant instant = parse(IMF_FIXDATE, value);
        if (instant == null) {
            instant = parse(ASCTIME, value);
        }
        int comma = value.indexOf(", ");
        if (instant == null && comma > 0) {
            instant = parse(RFC_850, value.substring(comma + 2));
            ZonedDateTime limit = ZonedDateTime.now(ZoneOffset.UTC).plusYears(50);
            if (instant != null && instant.isAfter(limit.toInstant())) {
                instant = instant.atZone(ZoneOffset.UTC).minusYears(100).toInstant();
            }
        }
        return instant;
    }

    private static @Nullable Instant parse(DateTimeFormatter form, String value) {
        try {
            return Instant.from(form.parse(value));
        }
        catch (DateTimeParseException notThisForm) {
            return null;
        }
    }
}
