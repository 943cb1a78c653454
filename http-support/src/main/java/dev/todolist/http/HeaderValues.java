package dev.todolist.http;

import org.jspecify.annotations.Nullable;

/** The one rule for header names and values the edge accepts: no control characters other than a tab. */
public final class HeaderValues {

    private HeaderValues() {
    }

    public static boolean hasNoControlCharacters(@Nullable String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
                return false;
            }
        }
        return true;
    }
}
