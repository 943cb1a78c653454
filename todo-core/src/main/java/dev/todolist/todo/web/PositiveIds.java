package dev.todolist.todo.web;

import org.jspecify.annotations.Nullable;

/** Parses positive 64-bit ids (user ids, task ids) from text, without exceptions for the caller to handle. */
public final class PositiveIds {

    private PositiveIds() {
    }

    /** The id, or {@code null} when the text is not a positive 64-bit integer in plain decimal digits. */
    public static @Nullable Long parse(@Nullable String text) {
        if (text == null || text.isEmpty() || text.length() > 19) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            long value = Long.parseLong(text);
            return value > 0 ? value : null;
        }
        catch (NumberFormatException ex) {
            return null;
        }
    }
}
