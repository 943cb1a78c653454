package dev.todolist.edge.web;

import java.time.Duration;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;

import dev.todolist.edge.events.LastEventId;
import dev.todolist.edge.security.SecurityHeaders;
import dev.todolist.http.ProblemResponses;

/**
 * The contract's CORS policy, applied by {@link CorsFilter} in front of every other filter: preflights are answered
 * by the edge, every answer to an allowed origin carries the headers, errors included (a 401 without them reaches
 * the browser as a network failure), and a refused cross-origin request is {@code 403} problem JSON. The request guard's refusals, written before any filter
 * runs, use the same policy ({@link CorsHeaders}).
 */
@Configuration(proxyBeanMethods = false)
class CorsPolicyConfiguration {

    @Bean
    CorsConfiguration corsPolicy(CorsProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.allowedOrigins());
        cors.setAllowCredentials(true);
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        // Last-Event-ID: a client resuming an event stream with fetch (the contract's header for it); If-Match,
        // If-None-Match, If-Unmodified-Since and ETag: a task's conditional requests
        cors.setAllowedHeaders(List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.AUTHORIZATION, LastEventId.HEADER,
                HttpHeaders.IF_MATCH, HttpHeaders.IF_NONE_MATCH, HttpHeaders.IF_UNMODIFIED_SINCE));
        cors.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER, HttpHeaders.WWW_AUTHENTICATE,
                HttpHeaders.ETAG));
        cors.setMaxAge(Duration.ofHours(1));
        return cors;
    }

    /** One policy for every path: no per-request path matching. */
    @Bean
    @Order(FilterOrder.CORS)
    CorsFilter corsFilter(CorsConfiguration corsPolicy, ProblemResponses problems, SecurityHeaders securityHeaders) {
        return new CorsFilter(corsPolicy, problems, securityHeaders);
    }
}
