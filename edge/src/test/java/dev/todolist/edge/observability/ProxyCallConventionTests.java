package dev.todolist.edge.observability;

import java.net.URI;

import io.micrometer.common.KeyValue;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyCallConventionTests {

    private final ProxyCallConvention convention = new ProxyCallConvention();

    /** A client's query (a token it put there, say) never reaches the trace store; the path does. */
    @Test
    void theSpansUrlHasNoQuery() {
        assertThat(httpUrl("http://127.0.0.1:8081/tasks?limit=2&access_token=abc.def.ghi"))
            .isEqualTo("http://127.0.0.1:8081/tasks");
        assertThat(httpUrl("http://127.0.0.1:8081/tasks/7")).isEqualTo("http://127.0.0.1:8081/tasks/7");
    }

    @Test
    void anInventedMethodIsNamedByTheBoundedName() {
        ClientRequestObservationContext context = context(HttpMethod.valueOf("FOOBAR"), "http://127.0.0.1:8081/tasks");
        assertThat(convention.getLowCardinalityKeyValues(context).stream().filter(kv -> kv.getKey().equals("method"))
            .map(KeyValue::getValue)).containsExactly("UNKNOWN");
    }

    private String httpUrl(String url) {
        return convention.getHighCardinalityKeyValues(context(HttpMethod.GET, url)).stream()
            .filter(kv -> kv.getKey().equals("http.url"))
            .map(KeyValue::getValue)
            .findFirst()
            .orElseThrow();
    }

    private static ClientRequestObservationContext context(HttpMethod method, String url) {
        ClientRequest.Builder builder = ClientRequest.create(method, URI.create(url));
        ClientRequestObservationContext context = new ClientRequestObservationContext(builder);
        context.setRequest(builder.build());
        return context;
    }
}
