package dev.todolist.edge.events;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;
import reactor.core.publisher.Mono;

/**
 * The methods of {@code /events} besides its {@code GET}. {@code HEAD} is {@code 405} with {@code Allow: GET}, as the
 * API document has it: a stream has no head to give without opening it, and WebFlux would otherwise answer it with
 * the {@code GET} handler, which the security chain does not guard for {@code HEAD} (it used to end in a 500). A
 * route of its own, not an annotated mapping beside the {@code GET} one: that mapping added {@code HEAD} to the
 * {@code Allow} of every other refused method ({@code POST /events} said {@code Allow: HEAD,GET}). And so
 * {@code OPTIONS} (not a CORS preflight, which {@code CorsFilter} answers first) lists {@code GET,OPTIONS}: WebFlux's
 * own answer offered {@code HEAD} too, which is refused.
 */
@Configuration(proxyBeanMethods = false)
class EventStreamMethods {

    private static final Set<HttpMethod> SERVED = Set.of(HttpMethod.GET);

    @Bean
    RouterFunction<ServerResponse> eventsOtherThanGet() {
        return RouterFunctions
            .route(RequestPredicates.HEAD(EventStreamController.PATH),
                    request -> Mono.error(new MethodNotAllowedException(HttpMethod.HEAD, SERVED)))
            .andRoute(RequestPredicates.OPTIONS(EventStreamController.PATH),
                    request -> ServerResponse.ok().allow(HttpMethod.GET, HttpMethod.OPTIONS).build());
    }
}
