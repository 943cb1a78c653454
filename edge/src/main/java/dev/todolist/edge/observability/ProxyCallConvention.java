package dev.todolist.edge.observability;

import io.micrometer.common.KeyValue;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;
import org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention;

/**
 * The proxy's calls to todo-core ({@code http.client.requests}) with a bounded {@code method} tag and span name
 * ({@link ObservedMethods}): Spring's client convention, unlike its server one, takes the method as it comes; and a
 * span's {@code http.url} without the query, which a client fills with what it likes ({@code ?access_token=...}
 * ended up readable in Zipkin), as the server spans, the access log and the service logs leave it out. Otherwise
 * Spring's default names and tags.
 */
@Component
class ProxyCallConvention extends DefaultClientRequestObservationConvention {

    @Override
    protected KeyValue method(ClientRequestObservationContext context) {
        KeyValue method = super.method(context);
        return context.getRequest() == null ? method
                : KeyValue.of(method.getKey(), ObservedMethods.name(context.getRequest().method()));
    }

    @Override
    protected KeyValue httpUrl(ClientRequestObservationContext context) {
        KeyValue url = super.httpUrl(context);
        int query = url.getValue().indexOf('?');
        return query < 0 ? url : KeyValue.of(url.getKey(), url.getValue().substring(0, query));
    }

    @Override
    public String getContextualName(ClientRequestObservationContext context) {
        return context.getRequest() == null ? super.getContextualName(context)
                : ObservedMethods.spanName(context.getRequest().method());
    }
}
