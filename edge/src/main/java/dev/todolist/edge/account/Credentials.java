package dev.todolist.edge.account;

import java.util.Locale;
import java.util.regex.Pattern;

/** The body of register and login. The email is compared and stored trimmed and lower-cased. */
record Credentials(String email, String password) {

    static final int MAX_EMAIL_LENGTH = 254;

    private static final Pattern EMAIL = Pattern.compile("^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}"
            + "@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$");

    /** The normalized email, or null when there is none. */
    String normalizedEmail() {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    static boolean isValidEmail(String normalized) {
        return normalized != null && normalized.length() <= MAX_EMAIL_LENGTH && EMAIL.matcher(normalized).matches()
                && !normalized.contains("..") && !normalized.startsWith(".") && !normalized.contains(".@");
    }
}
