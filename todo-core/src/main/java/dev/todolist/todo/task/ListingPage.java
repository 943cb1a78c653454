package dev.todolist.todo.task;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** One page of a listing, and where the next one starts ({@code null} after the last). */
record ListingPage(List<Task> rows, ListingPage.@Nullable Cursor next) {

    /** Rows a page holds: one query for a short list (the GUI's), a few hundred kilobytes at most for a long one. */
    static final int SIZE = 200;

    static Cursor first(ListQuery query) {
        return new Cursor(0, query.offset(), query.limit());
    }

    static ListingPage of(List<Task> rows, Cursor cursor) {
        boolean more = rows.size() == cursor.pageSize() && cursor.remaining() > rows.size();
        return new ListingPage(rows, more
                ? new Cursor(rows.getLast().id(), 0, cursor.remaining() - rows.size()) : null);
    }

    /** The rows after {@code afterId}, skipping {@code offset} of them (the first page only), {@code remaining} at most. */
    record Cursor(long afterId, long offset, long remaining) {

        long pageSize() {
            return Math.min(SIZE, remaining);
        }
    }
}
