package dev.todolist.database;

import io.r2dbc.pool.ConnectionPool;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;

/**
 * An acquire from the pool tries past every dead connection the pool may hold, and retries nothing else
 * ({@link PastDeadConnections}): the pool's own {@code acquire-retry}, which retries every failure, is set to
 * none once {@code spring.r2dbc.*} is bound, and the pool Boot makes is wrapped, with as many tries as its
 * {@code max-size}.
 */
final class AcquireRetryPerConnection implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof R2dbcProperties properties) {
            properties.getPool().setAcquireRetry(0);
        }
        if (bean instanceof ConnectionPool pool) {
            return new PastDeadConnections(pool, pool.getMetrics().orElseThrow().getMaxAllocatedSize());
        }
        return bean;
    }
}
