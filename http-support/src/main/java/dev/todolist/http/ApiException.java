package dev.todolist.http;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponseException;

/**
 * An answer decided by a service's own code: a status, a stable {@code code} and a sentence safe to show a client,
 * as Spring's {@link org.springframework.web.ErrorResponse}, so one handler writes it like every other error. It is
 * an answer, not a fault: it carries no stack trace.
 */
public class ApiException extends ErrorResponseException {

    private final String code;

    private @Nullable String because;

    public ApiException(HttpStatusCode status, String code, String detail) {
        super(status, Problems.of(status, code, detail), null);
        this.code = code;
    }

    public static ApiException badRequest(String code, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, detail);
    }

    /** The same answer with {@code Retry-After} (whole seconds, at least 1). */
    public ApiException retryAfter(Duration wait) {
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
        return this;
    }

    /**
     * The same answer with the cause an operator needs and the client must not see (a dependency's failure):
     * {@link ProblemResponses} hands it to {@link ProblemResponses#because} as it writes the answer, and the service's
     * refusal line carries it.
     */
    public ApiException because(String cause) {
        this.because = cause;
        return this;
    }

    public @Nullable String because() {
        return because;
    }

    public String code() {
        return code;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    @Override
    public String getMessage() {
        return code + ": " + getBody().getDetail();
    }
}
