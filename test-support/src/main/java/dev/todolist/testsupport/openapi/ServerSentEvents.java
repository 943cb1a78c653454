package dev.todolist.testsupport.openapi;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Splits a {@code text/event-stream} into its events as the HTML standard's parser does: lines end in CRLF, LF or
 * CR; a line starting with {@code :} is a comment; {@code field: value} loses one space after the colon;
 * {@code data} lines are joined with LF; a blank line ends an event. Unlike a browser it also keeps an event that
 * has no {@code data} line (a browser drops it silently), so that the document's schema can say it is wrong.
 */
final class ServerSentEvents {

    /** One event's fields, as they were sent (null where the field was absent). */
    record Event(@Nullable String event, @Nullable String id, @Nullable String retry, @Nullable String data,
            List<String> unknownFields) {

        /** The type a browser dispatches it as. */
        String type() {
            return event == null || event.isEmpty() ? "message" : event;
        }
    }

    private ServerSentEvents() {
    }

    static List<Event> parse(String stream) {
        List<Event> events = new ArrayList<>();
        Builder current = new Builder();
        int start = 0;
        int length = stream.length();
        while (start < length) {
            int end = start;
            while (end < length && stream.charAt(end) != '\n' && stream.charAt(end) != '\r') {
                end++;
            }
            String line = stream.substring(start, end);
            if (end < length && stream.charAt(end) == '\r' && end + 1 < length && stream.charAt(end + 1) == '\n') {
                end++;
            }
            start = end + 1;
            if (line.isEmpty()) {
                if (current.hasAnyField()) {
                    events.add(current.build());
                }
                current = new Builder();
            }
            else if (line.charAt(0) != ':') {
                current.field(line);
            }
        }
        // An event not ended by a blank line is incomplete: a browser never dispatches it, and neither do we.
        return events;
    }

    private static final class Builder {

        private @Nullable String event;

        private @Nullable String id;

        private @Nullable String retry;

        private @Nullable StringBuilder data;

        private final List<String> unknownFields = new ArrayList<>();

        void field(String line) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (name) {
                case "event" -> event = value;
                case "id" -> id = value;
                case "retry" -> retry = value;
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    }
                    else {
                        data.append('\n').append(value);
                    }
                }
                default -> unknownFields.add(name);
            }
        }

        boolean hasAnyField() {
            return event != null || id != null || retry != null || data != null || !unknownFields.isEmpty();
        }

        Event build() {
            return new Event(event, id, retry, data == null ? null : data.toString(), List.copyOf(unknownFields));
        }
    }
}
