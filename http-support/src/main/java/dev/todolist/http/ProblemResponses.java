package dev.todolist.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ResolvableType;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.handler.ExceptionHandlingWebHandler;
import reactor.core.publisher.Mono;

/**
 * Writes a {@link ProblemDetail} onto a response through the application's own JSON codec, for the places that
 * answer before or outside a handler (filters, security, the exception handlers): the same shape and
 * the same JSON settings as a controller's answer. {@code instance} is the request's path.
 */
public class ProblemResponses {

    private static final ResolvableType PROBLEM = ResolvableType.forClass(ProblemDetail.class);

    private static final String CAUSE = ProblemResponses.class.getName() + ".cause";

    private final HttpMessageWriter<ProblemDetail> writer;

    private final Listener listener;

    public ProblemResponses(ServerCodecConfigurer codecs) {
        this(codecs, Listener.NONE);
    }

    @SuppressWarnings("unchecked")
    public ProblemResponses(ServerCodecConfigurer codecs, Listener listener) {
        this.listener = listener;
        this.writer = (HttpMessageWriter<ProblemDetail>) codecs.getWriters()
            .stream()
            .filter(candidate -> candidate.canWrite(PROBLEM, MediaType.APPLICATION_PROBLEM_JSON))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No codec writes application/problem+json"));
    }

    public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String code, String detail) {
        return write(exchange, status, Problems.of(status, code, detail));
    }

    /**
     * Writes an {@link ErrorResponse}: its status, its headers (e.g. {@code Allow}, {@code Retry-After}), its body;
     * an {@link ApiException}'s cause goes to {@link #because}.
     */
    public Mono<Void> write(ServerWebExchange exchange, ErrorResponse error) {
        if (error instanceof ApiException api && api.because() != null) {
            because(exchange, api.because());
        }
        ServerHttpResponse response = exchange.getResponse();
        if (!response.isCommitted()) {
            response.getHeaders().addAll(error.getHeaders());
        }
        return write(exchange, error.getStatusCode(), error.getBody());
    }

    private Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, ProblemDetail problem) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        Map<String, Object> properties = problem.getProperties();
        String code = properties != null && properties.get(Problems.CODE) instanceof String named ? named : null;
        listener.answered(exchange, status, code);
        markFailedIfServerError(exchange, status, code, problem.getDetail());
        if (problem.getInstance() == null) {
            problem.setInstance(instance(exchange));
        }
        return writer.write(Mono.just(problem), PROBLEM, MediaType.APPLICATION_PROBLEM_JSON, response, Map.of());
    }

    /**
     * Says why the service itself refuses this exchange (a dependency down, a limit full), for the {@link Listener}'s
     * one line about the refusal instead of a line of its own: operator's words, never a header, token or body.
     */
    public static void because(ServerWebExchange exchange, String cause) {
        exchange.getAttributes().put(CAUSE, cause);
    }

    /** What {@link #because} said of this exchange, if anything. */
    public static @Nullable String cause(ServerWebExchange exchange) {
        return exchange.getAttribute(CAUSE);
    }

    /**
     * The request's path, escaped once and in ASCII: the raw path would have its escapes escaped again ({@code %20}
     * as {@code %2520}).
     */
    private static @Nullable URI instance(ServerWebExchange exchange) {
        try {
            return URI.create(new URI(null, null, exchange.getRequest().getURI().getPath(), null).toASCIIString());
        }
        catch (URISyntaxException ex) {
            return null;
        }
    }

    /**
     * Told of every problem answer as it is written (the only place every layer's refusals pass), so that a service
     * can count and log them without a filter on every request; called on the answering thread, must not block.
     */
    @FunctionalInterface
    public interface Listener {

        Listener NONE = (exchange, status, code) -> {
        };

        void answered(ServerWebExchange exchange, HttpStatusCode status, @Nullable String code);
    }

    /**
     * The request's observation is marked failed (its span gets {@code error}, its metrics the exception's tag) exactly
     * when the answer is a server error. Spring marks it with whatever exception its exception handling met (the
     * attribute below, read as the exchange completes): a client's mistake thrown as an exception (a wrong password's
     * 401, an unknown route's 404, a 400) was an error in the traces while the same status written directly was not,
     * and a 5xx written directly (the proxy's 502 and 504) was none.
     */
    private static void markFailedIfServerError(ServerWebExchange exchange, HttpStatusCode status,
            @Nullable String code, @Nullable String detail) {
        if (!status.is5xxServerError()) {
            exchange.getAttributes().remove(ExceptionHandlingWebHandler.HANDLED_WEB_EXCEPTION);
            return;
        }
        exchange.getAttributes().putIfAbsent(ExceptionHandlingWebHandler.HANDLED_WEB_EXCEPTION,
                new ApiException(status, code != null ? code : "internal_error", String.valueOf(detail)));
    }
}
