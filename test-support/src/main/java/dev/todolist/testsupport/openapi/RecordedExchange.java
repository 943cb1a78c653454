package dev.todolist.testsupport.openapi;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.ExchangeResult;

/**
 * One request and the answer it got, as a test saw them: what {@link ApiContract} holds against the document.
 *
 * @param method the request method, upper case
 * @param target the request target: the raw (still percent-encoded) path and query, e.g. {@code /tasks?limit=2}
 * @param requestHeaders the request's headers
 * @param status the answer's status code
 * @param responseHeaders the answer's headers
 * @param responseBody the answer's body, empty when it had none
 */
public record RecordedExchange(String method, String target, HttpHeaders requestHeaders, int status,
        HttpHeaders responseHeaders, byte[] responseBody) {

    public RecordedExchange {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("The target must be a path starting with '/': " + target);
        }
    }

    /** A WebTestClient exchange whose body has been read (an {@code EntityExchangeResult}). */
    public static RecordedExchange of(ExchangeResult result) {
        URI url = result.getUrl();
        String target = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        byte[] body = result.getResponseBodyContent();
        return new RecordedExchange(result.getMethod().name(), target, result.getRequestHeaders(),
                result.getStatus().value(), result.getResponseHeaders(), body == null ? new byte[0] : body);
    }

    /** The path of the target, still percent-encoded. */
    public String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** The query of the target without its {@code ?}, or empty. */
    public String query() {
        int query = target.indexOf('?');
        return query < 0 ? "" : target.substring(query + 1);
    }

    public String responseText() {
        return new String(responseBody, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return method + " " + target + " -> " + status;
    }
}
