package dev.todolist.database;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;

/**
 * An acquire from the pool tries every connection the pool may hold before it fails: the pool's
 * {@code acquire-retry} is raised to its {@code max-size} (Boot's default is 1).
 * <p>
 * The pool validates a connection as it hands it out (locally: is its socket still open) and discards one that
 * fails, then tries again only {@code acquire-retry} times. After MySQL closed every pooled connection at once
 * ({@code KILL}, its {@code wait_timeout}, a failover), each request met a dead connection or two and failed with
 * "Connection validation failed" until the pool had drawn every dead one; now a request draws past them and gets a
 * new connection. A connection killed while a statement runs on it still fails that statement.
 * <p>
 * Applied after the binding of {@code spring.r2dbc.*}, so it follows each service's {@code max-size}; a larger
 * {@code acquire-retry} set there is kept.
 */
final class AcquireRetryPerConnection implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof R2dbcProperties properties) {
            R2dbcProperties.Pool pool = properties.getPool();
            pool.setAcquireRetry(Math.max(pool.getAcquireRetry(), pool.getMaxSize()));
        }
        return bean;
    }
}
