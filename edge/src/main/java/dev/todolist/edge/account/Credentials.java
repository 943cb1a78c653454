package dev.todolist.edge.account;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The body of register and login. The email is compared and stored trimmed and lower-cased; only an ASCII one is
 * lower-cased, so that no other character becomes an ASCII letter on the way (the Kelvin sign U+212A lower-cases to
 * {@code k}): any non-ASCII address stays as it came, and the address shape refuses it.
 */
record Credentials(String email, String password) {

    static final int MAX_EMAIL_LENGTH = 254;

    private static final Pattern EMAIL = Pattern.compile("^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}"
            + "@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$");

    /** The normalized email, or null when there is none. */
    String normalizedEmail() {
        if (email == null) {
            return null;
        }
        String trimmed = email.trim();
        return trimmed.chars().allMatch(c -> c < 0x80) ? trimmed.toLowerCase(Locale.ROOT) : trimmed;
    }

    static boolean isValidEmail(String normalized) {
        return normalized != null && normalized.length() <= MAX_EMAIL_LENGTH && EMAIL.matcher(normalized).matches()
                && !normalized.contains("..") && !normalized.startsWith(".") && !normalized.contains(".@");
    }
}
