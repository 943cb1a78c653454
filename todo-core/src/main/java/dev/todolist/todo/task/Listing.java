package dev.todolist.todo.task;

import java.util.List;

import reactor.core.publisher.Flux;

/**
 * A listing as todo-core answers it. One that fits in its first page ({@link ListingPage#SIZE} rows, the GUI's
 * lists) is read in one query and answered whole, in one write with its {@code Content-Length}; a longer one is
 * streamed page by page as the client reads it. Streamed, a short list took three writes to the socket (the headers
 * alone, then the body, then the last chunk).
 */
sealed interface Listing {

    /** Every row, in order, whichever way they are answered. */
    Flux<Task> tasks();

    record Whole(List<Task> rows) implements Listing {

        @Override
        public Flux<Task> tasks() {
            return Flux.fromIterable(rows);
        }
    }

    record Streamed(Flux<Task> tasks) implements Listing {
    }
}
