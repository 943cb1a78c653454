package dev.todolist.notifier.feed;

/**
 * The notification id as clients see it: the feed row's id, zero-padded to 19 digits so that ids compare as strings
 * the way they compare as numbers. Clients treat it as opaque; only this class knows what is inside.
 */
final class NotificationIds {

    private static final int DIGITS = 19;

    private NotificationIds() {
    }

    static String format(long rowId) {
        String digits = Long.toString(rowId);
        return "0".repeat(DIGITS - digits.length()) + digits;
    }

    /**
     * The row id inside a notification id; {@code IllegalArgumentException} for anything this class did not make
     * (empty, not all digits, longer than 19 digits, zero or beyond a 64-bit id).
     */
    static long parse(String id) {
        if (id.isEmpty() || id.length() > DIGITS || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a notification id");
        }
        long rowId;
        try {
            rowId = Long.parseLong(id);
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("not a notification id");
        }
        if (rowId <= 0) {
            throw new IllegalArgumentException("not a notification id");
        }
        return rowId;
    }
}
