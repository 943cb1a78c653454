package dev.todolist.http;

/**
 * Whether a string a client sent is text at all. A JSON string may spell a lone UTF-16 surrogate ({@code "\ud800"});
 * it is no character, and Java's UTF-8 encoder writes it as {@code ?}: stored, compared or hashed, two different
 * inputs would become the same bytes. Such a string is refused wherever a client's text is kept.
 */
public final class UnicodeText {

    private UnicodeText() {
    }

    /** True when every surrogate in {@code text} is half of a pair, so that it encodes to UTF-8 as it is. */
    public static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
            else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
