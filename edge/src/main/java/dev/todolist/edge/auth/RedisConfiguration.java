package dev.todolist.edge.auth;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Redis from the contract's {@code REDIS_ADDR}/{@code REDIS_PASSWORD}. While the connection is down, commands are
 * rejected at once instead of queued, so every check that needs Redis fails fast (and closed) and recovers when
 * Lettuce's automatic reconnect succeeds. The command timeout is {@code spring.data.redis.timeout} (500 ms).
 */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

    @Bean
    DataRedisConnectionDetails redisConnectionDetails(RedisProperties properties) {
        return new DataRedisConnectionDetails() {

            @Override
            public String getPassword() {
                return properties.password().isEmpty() ? null : properties.password();
            }

            @Override
            public Standalone getStandalone() {
                return Standalone.of(properties.host(), properties.port());
            }
        };
    }

    @Bean
    LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
        return builder -> builder.autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled());
    }
}
