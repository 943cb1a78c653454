package dev.todolist.edge.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.todolist.edge.observability.EdgeMetrics;

/**
 * A revocation lives in Redis until its token expires, and nothing else remembers it: a Redis that evicts keys under
 * memory pressure (a {@code maxmemory} with any policy but {@code noeviction}; managed services default to
 * {@code volatile-lru}) drops keys with a time to live first, revocations among them, and the logged-out token works
 * again. The revocation epoch cannot tell (its marker has no time to live and stays). The edge cannot prevent it; it
 * says so: it reads Redis's memory settings at start-up and every minute, logs an error when they allow eviction
 * (again when they change, and a line when they stop), and keeps {@link EdgeMetrics#REDIS_EVICTION_POSSIBLE} for the
 * alert of that name. A Redis that does not answer is readiness's concern, not this one's.
 */
@Component
class EvictionWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EvictionWatch.class);

    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final EdgeRedis redis;

    private final RedisProperties properties;

    private final AtomicReference<@Nullable MemorySettings> lastSeen = new AtomicReference<>();

    private volatile @Nullable Disposable watching;

    EvictionWatch(EdgeRedis redis, RedisProperties properties, EdgeMetrics metrics) {
        this.redis = redis;
        this.properties = properties;
        metrics.redisEvictionPossible(() -> {
            MemorySettings seen = lastSeen.get();
            return seen != null && seen.mayEvict();
        });
    }

    /** Reads the settings once, logging what changed; they are empty when Redis did not answer. */
    Mono<MemorySettings> check() {
        return redis.info("memory")
            .map(MemorySettings::parse)
            .doOnNext(this::record)
            .onErrorResume(failure -> Mono.empty());
    }

    private void record(MemorySettings now) {
        MemorySettings before = lastSeen.getAndSet(now);
        if (now.equals(before)) {
            return;
        }
        if (now.mayEvict()) {
            log.error("Redis at {} may evict keys ({}): a revocation it evicts lets a logged-out token in again. "
                    + "Set maxmemory-policy noeviction on it (README, \"Security choices worth knowing\")",
                    properties.address(), now);
        }
        else if (before != null && before.mayEvict()) {
            log.info("Redis at {} no longer evicts keys ({})", properties.address(), now);
        }
    }

    @Override
    public void start() {
        // a tick that comes while a check still waits for Redis is dropped, not queued (queued, it overflowed)
        watching = Flux.interval(Duration.ZERO, INTERVAL)
            .onBackpressureDrop()
            .concatMap(tick -> check(), 0)
            .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = watching;
        if (running != null) {
            running.dispose();
        }
        watching = null;
    }

    @Override
    public boolean isRunning() {
        return watching != null;
    }
}
