package dev.todolist.edge.observability;

import io.micrometer.common.KeyValues;
import org.springframework.http.server.reactive.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

/**
 * The request's span carries nginx's request id ({@code X-Request-ID}) as the tag {@code request.id}, so that a
 * line of nginx's access log leads to its trace in Zipkin. A high-cardinality value: spans only, never a metric's
 * label. Its span name says {@code UNKNOWN} for a method that is not one of HTTP's ({@link ObservedMethods}), as its
 * metrics do. Otherwise Spring's default names and tags.
 */
@Component
class RequestIdConvention extends DefaultServerRequestObservationConvention {

    static final String HEADER = "X-Request-ID";

    static final String TAG = "request.id";

    @Override
    public String getContextualName(ServerRequestObservationContext context) {
        String name = ObservedMethods.spanName(context.getCarrier().getMethod());
        return context.getPathPattern() == null ? name : name + " " + context.getPathPattern();
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(ServerRequestObservationContext context) {
        KeyValues values = super.getHighCardinalityKeyValues(context);
        String requestId = context.getCarrier().getHeaders().getFirst(HEADER);
        return requestId == null ? values : values.and(TAG, requestId);
    }
}
