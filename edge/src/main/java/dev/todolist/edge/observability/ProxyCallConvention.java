package dev.todolist.edge.observability;

import io.micrometer.common.KeyValue;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;
import org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention;

/**
 * The proxy's calls to todo-core ({@code http.client.requests}) with a bounded {@code method} tag and span name
 * ({@link ObservedMethods}): Spring's client convention, unlike its server one, takes the method as it comes.
 * Otherwise Spring's default names and tags.
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
    public String getContextualName(ClientRequestObservationContext context) {
        return context.getRequest() == null ? super.getContextualName(context)
                : ObservedMethods.spanName(context.getRequest().method());
    }
}
