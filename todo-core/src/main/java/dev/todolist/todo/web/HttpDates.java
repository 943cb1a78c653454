package dev.todolist.todo.web;

import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP date in any of the three forms a recipient must read (RFC 9110, 5.6.7): IMF-fixdate
 * ({@code Sun, 06 Nov 1994 08:49:37 GMT}), the obsolete RFC 850 form ({@code Sunday, 06-Nov-94 08:49:37 GMT}, its
 * two-digit year taken as the one within 50 years of now) and asctime's ({@code Sun Nov  6 08:49:37 1994}). Spring's
 * {@code HttpHeaders} reads the first only.
 */
public final class HttpDates {

    private static final List<DateTimeFormatter> FORMS = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME,
            new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, Year.now(ZoneOffset.UTC).getValue() - 49)
                .appendPattern(" HH:mm:ss 'GMT'")
                .toFormatter(Locale.US)
                .withZone(ZoneOffset.UTC),
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC));

    private HttpDates() {
    }

    /** The instant, or null when the text is none of the three forms. */
    public static @Nullable Instant parse(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String value = text.strip();
        for (DateTimeFormatter form : FORMS) {
            try {
                return Instant.from(form.parse(value));
            }
            catch (DateTimeParseException notThisForm) {
                // the next form
            }
        }
        return null;
    }
}
