package dev.todolist.migrations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.jspecify.annotations.Nullable;

/**
 * A duration the server takes in whole seconds, from {@link #min} to {@link #max} (a session variable such as
 * {@code lock_wait_timeout}): one constraint, so that one invalid value gives one message.
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = WholeSeconds.Validator.class)
@interface WholeSeconds {

    long min();

    long max();

    String message();

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<WholeSeconds, Duration> {

        private long min;

        private long max;

        @Override
        public void initialize(WholeSeconds annotation) {
            this.min = annotation.min();
            this.max = annotation.max();
        }

        @Override
        public boolean isValid(@Nullable Duration value, ConstraintValidatorContext context) {
            return value == null || (value.toNanos() % 1_000_000_000L == 0 && value.toSeconds() >= min
                    && value.toSeconds() <= max);
        }
    }
}
