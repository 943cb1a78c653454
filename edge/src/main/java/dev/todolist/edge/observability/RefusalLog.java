package dev.todolist.edge.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.todolist.http.LogBudget;
import dev.todolist.http.ProblemResponses;

/**
 * Names the request by its route when a filter answered it before routing ({@link RouteTemplates}), counts every
 * problem answer by status and code, and writes one line for each refusal an operator looks for
 * (401, 403, 429, and the 502, 503 and 504 of a dependency in trouble) with its reason code: the method and the path
 * only, never a header, a query, a body or a cookie, so no token or password can reach the log. A 502, 503 or 504 is
 * the edge's own trouble: its line is a warning and carries the cause the refusing code gave
 * ({@link ProblemResponses#because}), which writes no line of its own.
 * Called as the answer is written, so requests that succeed cost nothing here. The line is written inside the
 * request's span: it carries the request's trace and span id. At most {@link #LINES_PER_SECOND} lines a second of
 * each kind (a status and its code) are written ({@link LogBudget}); the lines left out are summed up a second later,
 * by kind, in one warning of their own (the metric counts them all). Before, the count came on the next refusal's
 * line, whenever that was, and named no kind.
 */
@Component
class RefusalLog implements ProblemResponses.Listener {

    private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);

    private static final String UNKNOWN_CODE = "none";

    /** Enough for every refusal of normal use and the start of any incident; a flood is summed up. */
    static final int LINES_PER_SECOND = 20;

    /** The metric's name as Prometheus shows it. */
    private static final String COUNTED_IN = EdgeMetrics.PROBLEMS.replace('.', '_') + "_total";

    private final LogBudget budget = new LogBudget(LINES_PER_SECOND, log, "refusal lines", COUNTED_IN);

    private final EdgeMetrics metrics;

    private final Tracer tracer;

    private final RouteTemplates routes;

    RefusalLog(EdgeMetrics metrics, Tracer tracer, RouteTemplates routes) {
        this.metrics = metrics;
        this.tracer = tracer;
        this.routes = routes;
    }

    @PreDestroy
    void stop() {
        budget.close();
    }

    @Override
    public void answered(ServerWebExchange exchange, HttpStatusCode status, @Nullable String code) {
        routes.nameIfUnrouted(exchange);
        String reason = code == null ? UNKNOWN_CODE : code;
        int value = status.value();
        metrics.problem(value, reason);
        if (isRefusal(value)) {
            if (!budget.take(value + " " + reason)) {
                return;
            }
            String cause = ProblemResponses.cause(exchange);
            String because = cause == null ? "" : " (" + cause + ")";
            try (Tracer.SpanInScope scope = tracer.withSpan(requestSpan(exchange))) {
                log.atLevel(value >= 500 ? Level.WARN : Level.INFO)
                    .log("Refused {} {} with {} {}{}", exchange.getRequest().getMethod(),
                            exchange.getRequest().getPath().value(), value, reason, because);
            }
        }
    }

    private static @Nullable Span requestSpan(ServerWebExchange exchange) {
        ServerRequestObservationContext context = ServerRequestObservationContext
            .findCurrent(exchange.getAttributes())
            .orElse(null);
        TracingObservationHandler.TracingContext tracing = context == null ? null
                : context.get(TracingObservationHandler.TracingContext.class);
        return tracing == null ? null : tracing.getSpan();
    }

    private static boolean isRefusal(int status) {
        return status == 401 || status == 403 || status == 429 || status == 502 || status == 503 || status == 504;
    }
}
