package dev.todolist.edge.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.todolist.http.HttpSupportConfiguration;
import dev.todolist.http.RequestGuard;
import tools.jackson.databind.json.JsonMapper;

/**
 * The edge reads and answers JSON like every service ({@link HttpSupportConfiguration}), and puts a
 * {@link RequestGuard} on every connection, whose refusals carry the CORS headers like every other answer.
 */
@Configuration(proxyBeanMethods = false)
@Import(HttpSupportConfiguration.class)
class RequestGuardConfiguration {

    @Bean
    NettyServerCustomizer requestGuard(JsonMapper jsonMapper, CorsHeaders cors, RequestLimitsProperties limits) {
        return RequestGuard.customizer(jsonMapper, limits.bodyIdleTimeout(),
                (request, response) -> cors.apply(request.headers().get(HttpHeaderNames.ORIGIN), response));
    }
}
