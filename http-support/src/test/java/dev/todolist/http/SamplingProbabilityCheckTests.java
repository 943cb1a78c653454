package dev.todolist.http;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamplingProbabilityCheckTests {

    @Test
    void zeroAndHundredthsToOneAreAccepted() {
        for (String probability : new String[] { "0", "0.0", "0.01", "0.1", " 0.5 ", "1", "1.0" }) {
            assertThatCode(() -> check(probability)).as(probability).doesNotThrowAnyException();
        }
    }

    /** Brave's sampler would refuse these later, in a message that does not name the variable. */
    @Test
    void anythingElseIsRefusedNamingTheVariable() {
        for (String probability : new String[] { "0.005", "-0.1", "1.5", "5", "abc", "", "NaN" }) {
            assertThatThrownBy(() -> check(probability)).as(probability)
                .hasMessageStartingWith("TRACING_SAMPLING_PROBABILITY (management.tracing.sampling.probability) "
                        + "must be 0 (no traces), or from 0.01 to 1")
                .hasMessageEndingWith("not '" + probability + "'");
        }
    }

    private static void check(String probability) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources()
            .addFirst(new MapPropertySource("test", Map.of(SamplingProbabilityCheck.PROBABILITY, probability)));
        new SamplingProbabilityCheck().postProcessEnvironment(environment, new SpringApplication());
    }
}
