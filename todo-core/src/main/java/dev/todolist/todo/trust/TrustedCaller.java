package dev.todolist.todo.trust;

/** Where a trusted request's caller is kept: the exchange attribute holding the user id (a {@code Long}). */
public final class TrustedCaller {

    public static final String USER_ID = "todo.userId";

    private TrustedCaller() {
    }
}
