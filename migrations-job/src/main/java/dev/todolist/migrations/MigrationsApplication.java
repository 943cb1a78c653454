package dev.todolist.migrations;

import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
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
            // Spring Boot has already reported why the context could not start; this is the one-line summary.
            log.error("Migrations not applied: {}", startupFailure(ex));
            return ExitCodes.CONFIGURATION;
        }
    }

    /** The invalid settings when binding failed (e.g. {@code migrations.user must be set (MYSQL_USER)}). */
    static String startupFailure(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BindValidationException invalid) {
                return "invalid settings: " + invalid.getValidationErrors()
                    .getAllErrors()
                    .stream()
                    .map(error -> (error instanceof FieldError field ? invalid.getValidationErrors().getName() + "."
                            + field.getField() + " " : "") + error.getDefaultMessage())
                    .collect(Collectors.joining("; "));
            }
            if (t instanceof BindException bind && bind.getCause() != null
                    && !(bind.getCause() instanceof BindValidationException)) {
                // the value itself is not logged: it might be a secret
                return "invalid setting " + bind.getProperty().getName() + ": not a valid value of its type";
            }
        }
        return "the application could not start (" + DatabaseWaiter.firstLine(ex.getMessage()) + ")";
    }
}
