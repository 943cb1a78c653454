package dev.todolist.edge.redis;

import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Readiness's {@code redis} component: a {@code PING} over the very connection requests use, so the edge reports
 * not ready exactly when token checks would fail closed.
 */
@Component("redis")
class RedisHealthIndicator extends AbstractReactiveHealthIndicator {

    private final EdgeRedis redis;

    RedisHealthIndicator(EdgeRedis redis) {
        super("Redis does not answer");
        this.redis = redis;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return redis.ping().map(pong -> builder.up().build());
    }
}
