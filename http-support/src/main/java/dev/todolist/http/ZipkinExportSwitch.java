package dev.todolist.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Turns the export of spans to Zipkin off when no endpoint is configured ({@code ZIPKIN_ENDPOINT} empty, the
 * default): tests and plain runs never try to reach a Zipkin that is not there, while traces still give every log
 * line its trace and span id. Boot itself would send to {@code localhost:9411}. An explicit
 * {@code management.tracing.export.zipkin.enabled} wins: this source is the last one asked.
 * <p>
 * With the export off, Zipkin's auto-configuration is excluded as well: Boot builds its sender whether or not the
 * export is enabled, a JDK {@code HttpClient} with its TLS context and selector thread (about 600 classes loaded at
 * every start) to send nothing. The application's own exclusions are kept.
 */
class ZipkinExportSwitch implements EnvironmentPostProcessor, Ordered {

    static final String ENDPOINT = "management.tracing.export.zipkin.endpoint";

    static final String ENABLED = "management.tracing.export.zipkin.enabled";

    static final String EXCLUDE = "spring.autoconfigure.exclude";

    /** By name: this module does not depend on Boot's Zipkin module; a wrong name fails every start loudly. */
    static final String SENDER_AUTO_CONFIGURATION = "org.springframework.boot.zipkin.autoconfigure.ZipkinAutoConfiguration";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (StringUtils.hasText(environment.getProperty(ENDPOINT))) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource("zipkinExportOff", Map.of(ENABLED, "false")));
        if (!environment.getProperty(ENABLED, Boolean.class, true)) {
            // the exclusions bound as Boot binds them (a comma list or indexed), from every source, plus the sender
            List<String> excluded = new ArrayList<>(
                    Binder.get(environment).bind(EXCLUDE, Bindable.listOf(String.class)).orElse(List.of()));
            excluded.add(SENDER_AUTO_CONFIGURATION);
            environment.getPropertySources()
                .addFirst(new MapPropertySource("zipkinSenderExcluded",
                        Map.of(EXCLUDE, String.join(",", excluded))));
        }
    }

    /** After the configuration files are read: they map {@code ZIPKIN_ENDPOINT} onto the endpoint. */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
