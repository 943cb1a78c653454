package dev.todolist.edge.notification;

/**
 * What the edge checks of a notification id a client sends ({@code before}, {@code up_to}, {@code Last-Event-ID})
 * before it asks the notifier: printable ASCII, not empty, no longer than any id the notifier makes. Whether it is
 * one of the user's ids is the notifier's answer.
 */
public final class NotificationIds {

    /** Longer than any id the notifier makes, short enough to refuse junk before a call. */
    public static final int MAX_LENGTH = 64;

    private NotificationIds() {
    }

    public static boolean plausible(String id) {
        return !id.isEmpty() && id.length() <= MAX_LENGTH && id.chars().allMatch(c -> c > ' ' && c < 127);
    }
}
