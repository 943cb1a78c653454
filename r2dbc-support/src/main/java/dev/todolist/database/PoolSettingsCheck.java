package dev.todolist.database;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Checks the R2DBC pool's sizes and acquire time before anything starts, naming the variable the operator set. Left to
 * r2dbc-pool, a maximum of 0 failed deep in the context's creation as "Maximal pool size must be greater zero", an
 * acquire time of 0 failed every query at once and a negative one waited for a connection for ever.
 * <p>
 * The variable is read from the setting's own placeholder in the service's configuration file
 * ({@code max-size: ${R2DBC_POOL_MAX_SIZE:20}}), so each service's name for it is spelled once, there; a setting given
 * another way (a {@code SPRING_R2DBC_POOL_MAXSIZE} variable, a system property) is named as the property.
 */
class PoolSettingsCheck implements EnvironmentPostProcessor, Ordered {

    static final String MAX_SIZE = "spring.r2dbc.pool.max-size";

    static final String INITIAL_SIZE = "spring.r2dbc.pool.initial-size";

    static final String MAX_ACQUIRE_TIME = "spring.r2dbc.pool.max-acquire-time";

    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Za-z0-9_.-]+)(?::[^}]*)?}$");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Integer max = value(environment, MAX_SIZE, Integer.class);
        if (max != null && max < 1) {
            throw refused(environment, MAX_SIZE, "must be at least 1");
        }
        Integer initial = value(environment, INITIAL_SIZE, Integer.class);
        if (initial != null && (initial < 0 || max != null && initial > max)) {
            throw refused(environment, INITIAL_SIZE, "must be from 0 to "
                    + (max == null ? "the pool's maximum" : max + ", " + named(environment, MAX_SIZE)));
        }
        Duration acquire = value(environment, MAX_ACQUIRE_TIME, Duration.class);
        String acquireText = environment.getProperty(MAX_ACQUIRE_TIME);
        // empty is no time at all: the binding leaves r2dbc-pool's default, which waits for ever
        if (acquire != null && acquire.toMillis() < 1 || acquireText != null && acquireText.isBlank()) {
            throw refused(environment, MAX_ACQUIRE_TIME,
                    "must be at least 1ms (0 fails every query at once, a negative time waits for ever)");
        }
    }

    /** A value that is no number or duration is left to Boot's binding, which refuses it showing where it came from. */
    private static <T> @Nullable T value(ConfigurableEnvironment environment, String property, Class<T> type) {
        try {
            return environment.getProperty(property, type);
        }
        catch (RuntimeException notOfTheType) {
            return null;
        }
    }

    private static IllegalArgumentException refused(ConfigurableEnvironment environment, String property, String rule) {
        return new IllegalArgumentException(
                named(environment, property) + " " + rule + ", not '" + environment.getProperty(property) + "'");
    }

    /** {@code R2DBC_POOL_MAX_SIZE (spring.r2dbc.pool.max-size)}, or the property alone when no placeholder set it. */
    static String named(ConfigurableEnvironment environment, String property) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            Object raw = source.getProperty(property);
            if (raw != null) {
                Matcher placeholder = PLACEHOLDER.matcher(raw.toString().strip());
                return placeholder.matches() ? placeholder.group(1) + " (" + property + ")" : property;
            }
        }
        return property;
    }

    /** After the configuration files are read: their placeholders name the variables. */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
