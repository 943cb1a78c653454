package dev.todolist.edge.redis;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.todolist.http.Durations;

/**
 * The edge's Redis ({@code edge.redis.*}; defaults and environment variables in {@code application.properties}):
 * its {@code host:port} address, password, the prefix of every key, and how long a command or a connection attempt
 * may take before the request that needs it fails.
 */
@ConfigurationProperties("edge.redis")
public record RedisProperties(String address, String password, String keyPrefix, Duration timeout,
        Duration connectTimeout) {

    public RedisProperties {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1 || !isPort(address.substring(colon + 1))) {
            throw new IllegalArgumentException("REDIS_ADDR must be host:port, not '" + address + "'");
        }
        Durations.requirePositive(timeout, "REDIS_TIMEOUT");
        Durations.requirePositive(connectTimeout, "REDIS_CONNECT_TIMEOUT");
    }

    String host() {
        String host = address.substring(0, address.lastIndexOf(':'));
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    int port() {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private static boolean isPort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int port = Integer.parseInt(text);
        return port > 0 && port < 65536;
    }
}
