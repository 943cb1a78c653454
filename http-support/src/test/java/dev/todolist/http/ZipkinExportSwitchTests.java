package dev.todolist.http;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ZipkinExportSwitchTests {

    @Test
    void withoutAnEndpointTheExportIsOff() {
        StandardEnvironment environment = environment(Map.of(ZipkinExportSwitch.ENDPOINT, ""));
        new ZipkinExportSwitch().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty(ZipkinExportSwitch.ENABLED)).isEqualTo("false");
    }

    @Test
    void withAnEndpointTheExportIsLeftOn() {
        StandardEnvironment environment = environment(
                Map.of(ZipkinExportSwitch.ENDPOINT, "http://zipkin:9411/api/v2/spans"));
        new ZipkinExportSwitch().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty(ZipkinExportSwitch.ENABLED)).isNull();
    }

    @Test
    void anExplicitSettingWins() {
        StandardEnvironment environment = environment(
                Map.of(ZipkinExportSwitch.ENDPOINT, "", ZipkinExportSwitch.ENABLED, "true"));
        new ZipkinExportSwitch().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty(ZipkinExportSwitch.ENABLED)).isEqualTo("true");
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}
