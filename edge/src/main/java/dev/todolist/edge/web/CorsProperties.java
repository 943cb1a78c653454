package dev.todolist.edge.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code CORS_ALLOWED_ORIGINS} ({@code edge.cors.allowed-origins}): the browser origins allowed with credentials. */
@ConfigurationProperties("edge.cors")
record CorsProperties(List<String> allowedOrigins) {

    CorsProperties {
        allowedOrigins = allowedOrigins.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
