package dev.todolist.edge.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code CORS_ALLOWED_ORIGINS}: the browser origins allowed to call the edge with credentials. */
@ConfigurationProperties("edge.cors")
record CorsProperties(List<String> allowedOrigins) {

    CorsProperties {
        allowedOrigins = allowedOrigins == null ? List.of()
                : allowedOrigins.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
