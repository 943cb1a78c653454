package dev.todolist.todo.web;

import org.springframework.http.HttpStatus;

/** A failure the client caused or should know about, with the status and {@code code} it answers with. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;

    private final String code;

    public ApiException(HttpStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, message);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
