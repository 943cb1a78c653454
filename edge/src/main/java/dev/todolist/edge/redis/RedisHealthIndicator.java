package dev.todolist.edge.redis;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Readiness's {@code redis} component: a {@code PING} over the very connection requests use, so the edge reports
 * not ready exactly when token checks would fail closed. An outage is logged when it begins and when it ends, one
 * line each without a stack trace (Boot's base class logged a warning with the whole trace at every probe: one a
 * second per prober for the length of the outage).
 */
@Component("redis")
class RedisHealthIndicator implements ReactiveHealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(RedisHealthIndicator.class);

    private final EdgeRedis redis;

    private final AtomicBoolean failing = new AtomicBoolean();

    RedisHealthIndicator(EdgeRedis redis) {
        this.redis = redis;
    }

    @Override
    public Mono<Health> health() {
        return redis.ping()
            .map(pong -> {
                if (failing.compareAndSet(true, false)) {
                    log.info("Redis answers again: ready");
                }
                return Health.up().build();
            })
            .onErrorResume(ex -> {
                if (failing.compareAndSet(false, true)) {
                    log.warn("Redis does not answer: not ready until it does ({})", ex.toString());
                }
                return Mono.just(Health.down().build());
            });
    }
}
