package dev.todolist.notifier.trust;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.todolist.notifier.credential.InternalToken;

/**
 * The internal credential the edge and todo-core show on every call ({@code INTERNAL_TOKEN}); the notifier refuses
 * to start without it.
 */
@ConfigurationProperties("notifier.trust")
record TrustProperties(@Nullable String internalToken) {

    TrustProperties {
        if (internalToken == null || internalToken.isBlank()) {
            throw new IllegalArgumentException(
                    "notifier.trust.internal-token must be set: define INTERNAL_TOKEN, the credential shared with the "
                            + "edge and todo-core");
        }
        InternalToken.requireFit(internalToken);
    }
}
