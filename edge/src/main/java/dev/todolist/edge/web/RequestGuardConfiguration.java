package dev.todolist.edge.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.todolist.edge.security.SecurityHeaders;
import dev.todolist.http.HttpSupportConfiguration;
import dev.todolist.http.RequestGuard;

/**
 * The edge reads and answers JSON like every service, behind the same {@link RequestGuard}
 * ({@link HttpSupportConfiguration}); the guard's refusals carry the CORS and security headers like every other
 * answer.
 */
@Configuration(proxyBeanMethods = false)
@Import(HttpSupportConfiguration.class)
class RequestGuardConfiguration {

    @Bean
    RequestGuard.RefusalHeaders edgeHeadersOnRefusals(CorsHeaders cors, SecurityHeaders securityHeaders) {
        return (request, response) -> {
            cors.apply(request.headers().get(HttpHeaderNames.ORIGIN), response);
            securityHeaders.onRefusal(response);
        };
    }
}
