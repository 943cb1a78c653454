package dev.todolist.notifier.feed;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Redis that carries the doorbell between notifier instances ({@code notifier.redis.*}; defaults and environment
 * variables in {@code application.yaml}): its {@code host:port}, password, the prefix of the channel's name (the one
 * {@code REDIS_KEY_PREFIX} the edge uses for its keys), and how long a connection attempt may take.
 */
@ConfigurationProperties("notifier.redis")
record RedisProperties(String address, String password, String keyPrefix, Duration connectTimeout) {

    RedisProperties {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1
                || !address.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("REDIS_ADDR must be host:port, not '" + address + "'");
        }
    }

    String host() {
        String host = address.substring(0, address.lastIndexOf(':'));
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    int port() {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** The one channel every notifier instance publishes its doorbell rings on and listens to. */
    String channel() {
        return keyPrefix + "notifier:feed";
    }
}
