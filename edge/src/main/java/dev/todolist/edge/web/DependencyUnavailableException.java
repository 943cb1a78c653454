package dev.todolist.edge.web;

/** Redis or MySQL did not answer in time: the request gets a 503, never a guess. */
public class DependencyUnavailableException extends RuntimeException {

    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
