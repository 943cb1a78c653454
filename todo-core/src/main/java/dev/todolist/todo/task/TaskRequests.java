package dev.todolist.todo.task;

import org.jspecify.annotations.Nullable;

import dev.todolist.http.ApiException;
import dev.todolist.http.UnicodeText;
import tools.jackson.databind.JsonNode;

/**
 * Reads request bodies strictly: one JSON object, {@code title} a JSON string and {@code completed} a JSON boolean,
 * nothing coerced. Unknown members are ignored, as the original service did.
 */
final class TaskRequests {

    static final int MAX_TITLE_CODE_POINTS = 255;

    private TaskRequests() {
    }

    /** The trimmed title of {@code POST /tasks}. */
    static String newTitle(JsonNode body) {
        requireObject(body);
        JsonNode title = body.get("title");
        if (title == null || title.isNull()) {
            throw invalid("title is required.");
        }
        return title(title);
    }

    /** The changes of {@code PUT} or {@code PATCH /tasks/{id}}. */
    static TaskChanges changes(JsonNode body) {
        requireObject(body);
        JsonNode title = body.get("title");
        JsonNode completed = body.get("completed");
        if (title == null && completed == null) {
            throw invalid("Give title, completed, or both.");
        }
        Boolean done = null;
        if (completed != null) {
            if (!completed.isBoolean()) {
                throw invalid("completed must be true or false.");
            }
            done = completed.booleanValue();
        }
        return new TaskChanges(title == null ? null : title(title), done);
    }

    private static String title(JsonNode node) {
        if (!node.isString()) {
            throw invalid("title must be a string.");
        }
        String title = trim(node.stringValue());
        if (title.isEmpty()) {
            throw invalid("title must not be blank.");
        }
        if (title.codePointCount(0, title.length()) > MAX_TITLE_CODE_POINTS) {
            throw invalid("title must be at most " + MAX_TITLE_CODE_POINTS + " characters.");
        }
        if (!UnicodeText.isWellFormed(title)) {
            throw invalid("title must be valid Unicode text.");
        }
        return title;
    }

    /**
     * Trims Unicode's white space (its White_Space property: tab to carriage return, U+0085, and every space and line
     * or paragraph separator, no-break spaces included, which String.strip keeps) and U+FEFF. Java's own
     * {@code isWhitespace} would also take the information separators U+001C to U+001F, which are control characters
     * (stored verbatim, as the others), and leave U+0085.
     */
    static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return (c >= '\t' && c <= '\r') || c == '\u0085' || Character.isSpaceChar(c) || c == '\uFEFF';
    }

    private static void requireObject(@Nullable JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("malformed_json", "The request body must be one JSON object.");
        }
    }

    private static ApiException invalid(String message) {
        return ApiException.badRequest("validation_failed", message);
    }
}
