package dev.todolist.http;

import java.net.URI;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The project's one problem shape (RFC 9457): Spring's {@link ProblemDetail} with {@code type} {@code about:blank},
 * the status's title, a {@code detail} sentence safe to show anyone, and two members every client of this project
 * reads: {@code error} (the same sentence, as the original Go services answered) and {@code code} (a stable word).
 * {@code instance} is the request's path, set when it is written.
 */
public final class Problems {

    public static final String CODE = "code";

    public static final String ERROR = "error";

    private Problems() {
    }

    private static final URI BLANK = URI.create("about:blank");

    public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(BLANK);
        problem.setProperty(ERROR, detail);
        problem.setProperty(CODE, code);
        return problem;
    }
}
