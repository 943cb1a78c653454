package dev.todolist.http;

import java.util.HashSet;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.ReactiveHealthEndpointWebExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;
import reactor.core.publisher.Mono;

/**
 * Actuator's health and its probe groups ({@code /actuator/health}, {@code /actuator/health/liveness},
 * {@code /actuator/health/readiness}) also on the service's own port, where the contract, the compose healthchecks
 * and {@code scripts/stack.sh} have always found them, while Actuator itself (metrics included) lives on the
 * management port ({@code MANAGEMENT_PORT}) that nothing publishes. The same endpoint answers both: same groups,
 * same statuses, no details. Boot's own "additional path" cannot do this: it takes one path segment only.
 */
@Configuration(proxyBeanMethods = false)
public class ServerPortHealth {

    static final MediaType ACTUATOR_JSON = MediaType.parseMediaType("application/vnd.spring-boot.actuator.v3+json");

    @Bean
    RouterFunction<ServerResponse> serverPortHealth(ObjectProvider<ReactiveHealthEndpointWebExtension> health) {
        HandlerFunction<ServerResponse> whole = request -> answer(health, new String[0]);
        HandlerFunction<ServerResponse> group = request -> answer(health,
                new String[] { request.pathVariable("group") });
        // HEAD too: a functional route, unlike an annotated one, does not answer it for its GET (probes use it); nor
        // does it answer another method 405 (it was 404 "No such route."), nor OPTIONS with the methods it offers
        return RouterFunctions.route()
            .GET("/actuator/health", whole)
            .HEAD("/actuator/health", whole)
            .GET("/actuator/health/{group}", group)
            .HEAD("/actuator/health/{group}", group)
            .route(RequestPredicates.path("/actuator/health"), ServerPortHealth::otherMethod)
            .withAttribute(OTHER_METHODS, true)
            .route(RequestPredicates.path("/actuator/health/{group}"), ServerPortHealth::otherMethod)
            .withAttribute(OTHER_METHODS, true)
            .build();
    }

    /** Marks the routes that only answer the methods the others do not offer (405, and OPTIONS). */
    public static final String OTHER_METHODS = ServerPortHealth.class.getName() + ".otherMethods";

    private static final Set<HttpMethod> OFFERED = Set.of(HttpMethod.GET, HttpMethod.HEAD);

    private static Mono<ServerResponse> otherMethod(ServerRequest request) {
        if (request.method() == HttpMethod.OPTIONS) {
            Set<HttpMethod> allowed = new HashSet<>(OFFERED);
            allowed.add(HttpMethod.OPTIONS);
            return ServerResponse.ok().allow(allowed).build();
        }
        return Mono.error(new MethodNotAllowedException(request.method(), OFFERED));
    }

    private static Mono<ServerResponse> answer(ObjectProvider<ReactiveHealthEndpointWebExtension> health,
            String[] path) {
        ReactiveHealthEndpointWebExtension endpoint = health.getIfAvailable();
        if (endpoint == null) {
            return ServerResponse.notFound().build();
        }
        return endpoint.health(ApiVersion.LATEST, WebServerNamespace.SERVER, SecurityContext.NONE, path)
            .flatMap(ServerPortHealth::toResponse);
    }

    private static Mono<ServerResponse> toResponse(WebEndpointResponse<? extends HealthDescriptor> response) {
        if (response.getStatus() == HttpStatus.NOT_FOUND.value()) { // no such group: problem JSON, as every 404
            return Mono.error(new ApiException(HttpStatus.NOT_FOUND, "not_found", "There is no such health group."));
        }
        HealthDescriptor body = response.getBody();
        ServerResponse.BodyBuilder answer = ServerResponse.status(response.getStatus());
        return body == null ? answer.build() : answer.contentType(ACTUATOR_JSON).bodyValue(body);
    }
}
