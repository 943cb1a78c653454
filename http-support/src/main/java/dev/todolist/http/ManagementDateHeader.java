package dev.todolist.http;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * The {@code Date} of {@link DateHeader} on Actuator's answers where the {@link RequestGuard} does not see them: on a
 * management port of its own (the edge's and todo-core's, a server the guard is not installed on) and on the
 * notifier's only server. Where Actuator shares a guarded port, the guard finds the header set and keeps it.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
public class ManagementDateHeader {

    /** First: an answer a filter writes before the chain goes on (todo-core's trusted-caller refusal) is dated. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    WebFilter managementDateHeader() {
        return (exchange, chain) -> {
            ServerHttpResponse response = exchange.getResponse();
            response.beforeCommit(() -> {
                DateHeader.addTo(response.getHeaders());
                return Mono.empty();
            });
            return chain.filter(exchange);
        };
    }
}
