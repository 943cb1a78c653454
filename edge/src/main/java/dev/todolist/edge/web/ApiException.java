package dev.todolist.edge.web;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponseException;

/**
 * An answer decided by the edge's own code: a status, a stable {@code code} and a sentence safe to show a client,
 * as Spring's {@link org.springframework.web.ErrorResponse}, so one handler writes it like every other error.
 */
public class ApiException extends ErrorResponseException {

    private final String code;

    public ApiException(HttpStatusCode status, String code, String detail) {
        super(status, Problems.of(status, code, detail), null);
        this.code = code;
    }

    /** The same answer with {@code Retry-After} (whole seconds, at least 1). */
    public ApiException retryAfter(Duration wait) {
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
        return this;
    }

    public String code() {
        return code;
    }

    @Override
    public String getMessage() {
        return code + ": " + getBody().getDetail();
    }
}
