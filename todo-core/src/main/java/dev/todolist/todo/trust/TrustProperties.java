package dev.todolist.todo.trust;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import dev.todolist.notifier.credential.InternalToken;

/**
 * The internal credential only the edge has ({@code INTERNAL_TOKEN}), and which todo-core shows the notifier in turn;
 * todo-core refuses to start without it.
 */
@Validated
@ConfigurationProperties("todo.trust")
public record TrustProperties(@NotBlank(message = "must be set: define INTERNAL_TOKEN, the credential shared with the edge")
        String internalToken) {

    public TrustProperties {
        // a blank one is left to @NotBlank, whose message names the variable
        if (internalToken != null && !internalToken.isBlank()) {
            InternalToken.requireFit(internalToken);
        }
    }
}
