package dev.todolist.notifier.feed;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The feed's limits; every default is in application.yaml.
 *
 * @param databaseTimeout how long one database call may take before the caller gets {@code UNAVAILABLE}
 * @param subscriberBuffer how many live notifications a subscriber may fall behind by before its stream ends with
 *        {@code RESOURCE_EXHAUSTED} (it then subscribes again after the last id it got, and the replay catches up)
 */
@ConfigurationProperties("notifier.feed")
record FeedProperties(Duration databaseTimeout, int subscriberBuffer) {

    FeedProperties {
        if (databaseTimeout.isNegative() || databaseTimeout.isZero()) {
            throw new IllegalArgumentException("notifier.feed.database-timeout must be positive");
        }
        if (subscriberBuffer < 1) {
            throw new IllegalArgumentException("notifier.feed.subscriber-buffer must be at least 1");
        }
    }
}
