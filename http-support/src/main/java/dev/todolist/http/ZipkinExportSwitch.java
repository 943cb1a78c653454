package dev.todolist.http;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Turns the export of spans to Zipkin off when no endpoint is configured ({@code ZIPKIN_ENDPOINT} empty, the
 * default): tests and plain runs never try to reach a Zipkin that is not there, while traces still give every log
 * line its trace and span id. Boot itself would send to {@code localhost:9411}. An explicit
 * {@code management.tracing.export.zipkin.enabled} wins: this source is the last one asked.
 */
class ZipkinExportSwitch implements EnvironmentPostProcessor, Ordered {

    static final String ENDPOINT = "management.tracing.export.zipkin.endpoint";

    static final String ENABLED = "management.tracing.export.zipkin.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!StringUtils.hasText(environment.getProperty(ENDPOINT))) {
            environment.getPropertySources()
                .addLast(new MapPropertySource("zipkinExportOff", Map.of(ENABLED, "false")));
        }
    }

    /** After the configuration files are read: they map {@code ZIPKIN_ENDPOINT} onto the endpoint. */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
