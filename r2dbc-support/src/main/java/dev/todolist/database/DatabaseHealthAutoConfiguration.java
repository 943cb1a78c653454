package dev.todolist.database;

import io.r2dbc.spi.ConnectionFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Health's {@code r2dbc} component, which the services' readiness groups include, answered within a bound
 * ({@link DatabaseHealth}). Its bean name is one Boot's own R2DBC health auto-configuration backs off from
 * ({@code r2dbcHealthIndicator}), and gives the component its name: {@code r2dbc}.
 */
@AutoConfiguration(after = R2dbcAutoConfiguration.class,
        beforeName = "org.springframework.boot.r2dbc.autoconfigure.health.ConnectionFactoryHealthContributorAutoConfiguration")
@ConditionalOnClass({ ConnectionFactory.class, ReactiveHealthIndicator.class })
@ConditionalOnSingleCandidate(ConnectionFactory.class)
@ConditionalOnEnabledHealthIndicator("r2dbc")
public final class DatabaseHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = { "r2dbcHealthIndicator", "r2dbcHealthContributor" })
    ReactiveHealthIndicator r2dbcHealthIndicator(ConnectionFactory pool) {
        return new DatabaseHealth(pool);
    }
}
