package dev.todolist.http;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks {@code TRACING_SAMPLING_PROBABILITY} before anything starts, naming it: Brave's sampler takes 0, or 0.01 to 1
 * (it counts in hundredths), and refused anything else deep in the context's creation, with its own message only
 * ("probability should be between 0.01 and 1") under Spring's "Application run failed".
 */
class SamplingProbabilityCheck implements EnvironmentPostProcessor, Ordered {

    static final String PROBABILITY = "management.tracing.sampling.probability";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String value = environment.getProperty(PROBABILITY);
        if (value == null) {
            return;
        }
        float probability;
        try {
            probability = Float.parseFloat(value.strip());
        }
        catch (NumberFormatException notANumber) {
            probability = Float.NaN;
        }
        if (!(probability == 0 || probability >= 0.01f && probability <= 1)) {
            throw new IllegalArgumentException("TRACING_SAMPLING_PROBABILITY (" + PROBABILITY + ") must be 0 (no "
                    + "traces), or from 0.01 to 1 (the sampler counts in hundredths), not '" + value + "'");
        }
    }

    /** After the configuration files are read: they map {@code TRACING_SAMPLING_PROBABILITY} onto the property. */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
