package dev.todolist.notifier.feed;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.todolist.http.Durations;

/**
 * The feed's limits; every default is in application.yaml.
 *
 * @param databaseTimeout how long one database call may take before the caller gets {@code UNAVAILABLE}
 */
@ConfigurationProperties("notifier.feed")
record FeedProperties(Duration databaseTimeout) {

    FeedProperties {
        Durations.requirePositive(databaseTimeout, "NOTIFIER_DATABASE_TIMEOUT");
    }
}
