package dev.todolist.migrations;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.validation.FieldError;

/**
 * Applies the Flyway migrations once and exits: 0 when the schema is up to date, non-zero (see {@link ExitCodes})
 * with one log line naming the cause otherwise.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MigrationsApplication {

    private static final Logger log = LoggerFactory.getLogger(MigrationsApplication.class);

    /** A value that is one placeholder, {@code ${NAME}} or {@code ${NAME:default}}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}]+)(:[^}]*)?}");

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the job and returns its exit code (the tests call this instead of {@link #main}). */
    public static int run(String... args) {
        SpringApplication application = new SpringApplication(MigrationsApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext context = application.run(args)) {
            return context.getBean(Migrator.class).migrate();
        }
        catch (RuntimeException ex) {
            // The one ERROR line: Spring Boot's own report of the failure is switched off in application.yaml (its
            // block would be a second ERROR entry, and it shows the rejected value, which might be a secret).
            log.error("Migrations not applied: {}", startupFailure(ex));
            log.debug("Why the application could not start", ex);
            return ExitCodes.CONFIGURATION;
        }
    }

    /**
     * The invalid settings when binding failed (e.g. {@code migrations.user must be set (MYSQL_USER)}), each named
     * as the operator set it: the environment variable when the value came from one.
     */
    static String startupFailure(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BindValidationException invalid) {
                return "invalid settings: " + invalid.getValidationErrors()
                    .getAllErrors()
                    .stream()
                    .map(error -> (error instanceof FieldError field ? invalid.getValidationErrors().getName()
                            + "." + DataObjectPropertyName.toDashedForm(field.getField()) + " " : "")
                            + error.getDefaultMessage())
                    .collect(Collectors.joining("; "));
            }
            if (t instanceof BindException bind && bind.getCause() != null
                    && !(bind.getCause() instanceof BindValidationException)) {
                // the value itself is not logged: it might be a secret
                return "invalid setting " + name(bind.getProperty()) + ": not a valid value of its type";
            }
        }
        return "the application could not start (" + DatabaseWaiter.firstLine(ex.getMessage()) + ")";
    }

    /**
     * The environment variable the value came from: through a placeholder of application.yaml (MYSQL_PORT for
     * {@code port: ${MYSQL_PORT:3306}}), or straight (MIGRATIONS_CONNECT_TIMEOUT, relaxed binding); else the
     * property, as given (e.g. on the command line).
     */
    private static String name(@Nullable ConfigurationProperty property) {
        if (property == null) {
            return "(unknown)";
        }
        // the value as its source holds it, before placeholders are resolved
        if (property.getValue() instanceof CharSequence raw) {
            Matcher placeholder = PLACEHOLDER.matcher(raw);
            if (placeholder.matches()) {
                return placeholder.group(1);
            }
        }
        for (Origin origin = Origin.from(property); origin != null; origin = origin.getParent()) {
            Origin actual = origin instanceof PropertySourceOrigin wrapper && wrapper.getOrigin() != null
                    ? wrapper.getOrigin() : origin;
            if (actual instanceof SystemEnvironmentOrigin variable) {
                return variable.getProperty();
            }
        }
        return property.getName().toString();
    }
}
