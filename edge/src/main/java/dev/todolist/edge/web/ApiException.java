package dev.todolist.edge.web;

import org.springframework.http.HttpStatus;

/** An answer decided by the edge's own code: a status, a stable code and a sentence safe to show a client. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;

    private final String code;

    public ApiException(HttpStatus status, String code, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
