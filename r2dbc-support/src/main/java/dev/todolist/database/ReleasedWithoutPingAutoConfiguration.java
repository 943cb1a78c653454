package dev.todolist.database;

import io.r2dbc.spi.ConnectionFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.r2dbc.ConnectionFactoryDecorator;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The driver's connections reach Spring Boot's pool without their release step ({@link ReleasedWithoutPing}), which
 * sent MySQL a {@code COM_PING} after every query. Boot applies the decorator to the driver's factory, inside the
 * pool. An acquire tries past every dead connection the pool holds, and past nothing else
 * ({@link AcquireRetryPerConnection}). An auto-configuration, so that every service with this module and Boot's R2DBC
 * gets both.
 */
@AutoConfiguration(before = R2dbcAutoConfiguration.class)
@ConditionalOnClass(ConnectionFactory.class)
public final class ReleasedWithoutPingAutoConfiguration {

    @Bean
    ConnectionFactoryDecorator releasedWithoutPing() {
        return ReleasedWithoutPing::new;
    }

    /** Static: a post-processor is created before the beans it processes. */
    @Bean
    static AcquireRetryPerConnection acquireRetryPerConnection() {
        return new AcquireRetryPerConnection();
    }
}
