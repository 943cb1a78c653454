package dev.todolist.todo.web;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The three forms of an HTTP date a recipient must read (RFC 9110, 5.6.7). */
class HttpDatesTests {

    private static final Instant NOVEMBER_1994 = Instant.parse("1994-11-06T08:49:37Z");

    @Test
    void readsEachOfTheThreeForms() {
        assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(NOVEMBER_1994);
        assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(NOVEMBER_1994);
        assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994")).isEqualTo(NOVEMBER_1994);
        assertThat(HttpDates.parse(" Mon, 01 Jan 1900 00:00:00 GMT ")).isEqualTo(Instant.parse("1900-01-01T00:00:00Z"));
    }

    /** It took 31-Dec-76 for 2076: a two-digit year more than 50 years ahead is the last century's. */
    @Test
    void aTwoDigitYearIsNeverMoreThanFiftyYearsAhead() {
        assertThat(HttpDates.parse("Friday, 31-Dec-76 23:59:59 GMT")).isEqualTo(Instant.parse("1976-12-31T23:59:59Z"));
        assertThat(HttpDates.parse("Tuesday, 01-Jan-30 00:00:00 GMT")).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    }

    @Test
    void anythingElseIsNoDate() {
        for (String text : new String[] { "garbage", "", "1994-11-06T08:49:37Z", "Sun, 06 Nov 1994 08:49:37 CET",
                "Sunday, 32-Nov-94 08:49:37 GMT" }) {
            assertThat(HttpDates.parse(text)).as(text).isNull();
        }
        assertThat(HttpDates.parse(null)).isNull();
    }
}
