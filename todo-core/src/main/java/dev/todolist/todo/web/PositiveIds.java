package dev.todolist.todo.web;

import org.jspecify.annotations.Nullable;

/** Parses positive 64-bit ids (user ids, task ids) from text, without exceptions for the caller to handle. */
public final class PositiveIds {

    private PositiveIds() {
    }

    /**
     * The id, or {@code null} when the text is not a positive 64-bit integer in plain decimal digits. Leading zeros
     * are allowed, however many: {@code 019909} was the task 19909 while a spelling of over 19 characters was refused.
     */
    public static @Nullable Long parse(@Nullable String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int start = 0;
        while (start < text.length() - 1 && text.charAt(start) == '0') {
            start++;
        }
        if (text.length() - start > 19) {
            return null;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            long value = Long.parseLong(text, start, text.length(), 10);
            return value > 0 ? value : null;
        }
        catch (NumberFormatException ex) {
            return null;
        }
    }
}
