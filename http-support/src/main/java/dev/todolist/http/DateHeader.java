package dev.todolist.http;

import java.util.Date;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import org.springframework.http.HttpHeaders;

/**
 * The {@code Date} every answer of an origin server with a clock must carry (RFC 9110, 6.6.1), which Reactor Netty
 * does not add: clients use it against clock skew (a token's {@code exp}) and caches to compute an answer's age. One
 * IMF-fixdate a second, formatted once and shared by the event loops; an answer that has one (a proxied answer with
 * its origin's) keeps it.
 */
final class DateHeader {

    private record Formatted(long second, String value) {
    }

    private static volatile Formatted current = new Formatted(Long.MIN_VALUE, "");

    private DateHeader() {
    }

    static void addTo(HttpResponse response) {
        if (!response.headers().contains(HttpHeaderNames.DATE)) {
            response.headers().set(HttpHeaderNames.DATE, now());
        }
    }

    /** The same on an answer Spring writes (Actuator's, where the guard is not: {@link ManagementDateHeader}). */
    static void addTo(HttpHeaders headers) {
        if (!headers.containsHeader(HttpHeaders.DATE)) {
            headers.set(HttpHeaders.DATE, now());
        }
    }

    static String now() {
        long second = System.currentTimeMillis() / 1000;
        Formatted formatted = current;
        if (formatted.second() != second) {
            formatted = new Formatted(second, DateFormatter.format(new Date(second * 1000)));
            current = formatted;
        }
        return formatted.value();
    }
}
