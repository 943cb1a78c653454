package dev.todolist.http;

import org.jspecify.annotations.Nullable;

/** Looks through an exception's cause chain, where Reactor and Spring wrap what actually went wrong. */
public final class Causes {

    private Causes() {
    }

    /** The first exception of the given type in the chain, starting with {@code ex} itself, or null. */
    public static <T extends Throwable> @Nullable T find(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    public static boolean has(Throwable ex, Class<? extends Throwable> type) {
        return find(ex, type) != null;
    }
}
