package dev.todolist.http;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.zipkin.autoconfigure.ZipkinAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import zipkin2.reporter.BytesMessageSender;

import static org.assertj.core.api.Assertions.assertThat;

class ZipkinExportSwitchTests {

    @Test
    void withoutAnEndpointTheExportIsOff() {
        StandardEnvironment environment = postProcessed(Map.of(ZipkinExportSwitch.ENDPOINT, ""));
        assertThat(environment.getProperty(ZipkinExportSwitch.ENABLED)).isEqualTo("false");
    }

    @Test
    void withAnEndpointTheExportIsLeftOn() {
        StandardEnvironment environment = postProcessed(
                Map.of(ZipkinExportSwitch.ENDPOINT, "http://zipkin:9411/api/v2/spans"));
        assertThat(environment.getProperty(ZipkinExportSwitch.ENABLED)).isNull();
        assertThat(exclusions(environment)).isEmpty();
    }

    @Test
    void anExplicitSettingWins() {
        StandardEnvironment environment = postProcessed(
                Map.of(ZipkinExportSwitch.ENDPOINT, "", ZipkinExportSwitch.ENABLED, "true"));
        assertThat(environment.getProperty(ZipkinExportSwitch.ENABLED)).isEqualTo("true");
        assertThat(exclusions(environment)).isEmpty();
    }

    @Test
    void theNameExcludedIsBootsZipkinAutoConfiguration() {
        assertThat(ZipkinExportSwitch.SENDER_AUTO_CONFIGURATION).isEqualTo(ZipkinAutoConfiguration.class.getName());
    }

    @Test
    void withTheExportOffTheApplicationsOwnExclusionsAreKept() {
        StandardEnvironment listed = postProcessed(
                Map.of(ZipkinExportSwitch.EXCLUDE, "com.example.One, com.example.Two"));
        assertThat(exclusions(listed)).containsExactly("com.example.One", "com.example.Two",
                ZipkinExportSwitch.SENDER_AUTO_CONFIGURATION);
        StandardEnvironment indexed = postProcessed(Map.of(ZipkinExportSwitch.EXCLUDE + "[0]", "com.example.One"));
        assertThat(exclusions(indexed)).containsExactly("com.example.One",
                ZipkinExportSwitch.SENDER_AUTO_CONFIGURATION);
    }

    @Test
    void withoutAnEndpointNoSenderIsBuilt() {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(context.getBeanNamesForType(BytesMessageSender.class)).isEmpty();
        }
    }

    @Test
    void withAnEndpointTheSenderIsBuilt() {
        try (ConfigurableApplicationContext context = start(
                "--" + ZipkinExportSwitch.ENDPOINT + "=http://127.0.0.1:9/api/v2/spans")) {
            assertThat(context.getBeanNamesForType(BytesMessageSender.class)).hasSize(1);
        }
    }

    /** An application with auto-configuration, as the services start: the exclusion property applies to it. */
    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(AutoConfigured.class).web(WebApplicationType.NONE).run(args);
    }

    private static StandardEnvironment postProcessed(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new ZipkinExportSwitch().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    private static List<String> exclusions(StandardEnvironment environment) {
        return Binder.get(environment)
            .bind(ZipkinExportSwitch.EXCLUDE, Bindable.listOf(String.class))
            .orElse(List.of());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class AutoConfigured {
    }
}
