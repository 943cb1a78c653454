package dev.todolist.todo.database;

import org.springframework.boot.r2dbc.ConnectionFactoryDecorator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The driver's connections reach Spring Boot's pool without their release step ({@link ReleasedWithoutPing}), which
 * sent MySQL a {@code COM_PING} after every query. Boot applies the decorator to the driver's factory, inside the
 * pool.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConnectionConfiguration {

    @Bean
    ConnectionFactoryDecorator releasedWithoutPing() {
        return ReleasedWithoutPing::new;
    }
}
