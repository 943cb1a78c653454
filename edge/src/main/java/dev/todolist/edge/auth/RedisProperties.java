package dev.todolist.edge.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code REDIS_ADDR} ({@code host:port}), {@code REDIS_PASSWORD} and {@code REDIS_KEY_PREFIX}. */
@ConfigurationProperties("edge.redis")
record RedisProperties(String address, String password, String keyPrefix) {

    RedisProperties {
        address = address == null || address.isBlank() ? "localhost:6379" : address.trim();
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("REDIS_ADDR must be host:port, not '" + address + "'");
        }
        Integer.parseInt(address.substring(colon + 1));
        password = password == null ? "" : password;
        keyPrefix = keyPrefix == null ? "" : keyPrefix;
    }

    String host() {
        String host = address.substring(0, address.lastIndexOf(':'));
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    int port() {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
