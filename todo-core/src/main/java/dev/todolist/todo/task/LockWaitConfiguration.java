package dev.todolist.todo.task;

import io.r2dbc.spi.Option;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every pooled connection bounds its lock waits ({@link DatabaseWaitProperties}), through r2dbc-mysql's option. */
@Configuration(proxyBeanMethods = false)
class LockWaitConfiguration {

    /** r2dbc-mysql's option: {@code SET} at the opening of each connection. */
    static final Option<String[]> SESSION_VARIABLES = Option.valueOf("sessionVariables");

    @Bean
    ConnectionFactoryOptionsBuilderCustomizer boundedLockWaits(DatabaseWaitProperties properties) {
        return options -> options.option(SESSION_VARIABLES, properties.sessionVariables());
    }
}
