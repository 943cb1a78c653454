package dev.todolist.edge.observability;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * The edge's own meters, named here once (the dashboards and alerts in {@code docker/observability/} use these
 * names, as Prometheus writes them: dots become underscores, counters end in {@code _total}). Every tag takes a
 * value from a small fixed set (actions, outcomes and problem codes are words of this code base, statuses are
 * statuses): never a path, a user or a token.
 */
@Component
public class EdgeMetrics {

    /** Logins, registrations, refreshes and logouts, by {@code action} and {@code outcome} ({@code ok} or a code). */
    public static final String AUTH = "edge.auth";

    /** A refresh token presented again after it was rotated: its whole login was revoked. */
    public static final String REFRESH_REUSE = "edge.auth.refresh.reuse";

    /** Every problem answer the edge writes itself, by {@code status} and {@code code}. */
    public static final String PROBLEMS = "edge.problems";

    /** The Redis round trip of the revocation check on every authenticated request. */
    public static final String REVOCATION_CHECK = "edge.revocation.check";

    /** Requests refused with 503 because the revocation check could not answer. */
    public static final String REVOCATION_FAILED_CLOSED = "edge.revocation.failed.closed";

    /** 1 while the edge's Redis may evict keys, revocations among them (see {@code EvictionWatch}); else 0. */
    public static final String REDIS_EVICTION_POSSIBLE = "edge.redis.eviction.possible";

    private final MeterRegistry registry;

    private final Timer revocationCheck;

    private final Counter revocationFailedClosed;

    private final Counter refreshReuse;

    public EdgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.revocationCheck = Timer.builder(REVOCATION_CHECK)
            .description("Redis round trip of the access-token revocation check")
            .register(registry);
        this.revocationFailedClosed = Counter.builder(REVOCATION_FAILED_CLOSED)
            .description("Requests refused because the revocation check could not answer")
            .register(registry);
        this.refreshReuse = Counter.builder(REFRESH_REUSE)
            .description("Rotated refresh tokens presented again (their login was revoked)")
            .register(registry);
    }

    public void redisEvictionPossible(BooleanSupplier possible) {
        Gauge.builder(REDIS_EVICTION_POSSIBLE, () -> possible.getAsBoolean() ? 1 : 0)
            .description("1 while Redis may evict keys under memory pressure (revocations among them), else 0")
            .register(registry);
    }

    public void auth(String action, String outcome) {
        registry.counter(AUTH, "action", action, "outcome", outcome).increment();
    }

    public void refreshReuse() {
        refreshReuse.increment();
    }

    void problem(int status, String code) {
        registry.counter(PROBLEMS, "status", Integer.toString(status), "code", code).increment();
    }

    public void revocationFailedClosed() {
        revocationFailedClosed.increment();
    }

    /** Times {@code check} from subscription to its answer or error. */
    public <T> Mono<T> timeRevocationCheck(Supplier<Mono<T>> check) {
        return Mono.defer(() -> {
            long start = registry.config().clock().monotonicTime();
            return check.get().doFinally(signal -> revocationCheck.record(
                    registry.config().clock().monotonicTime() - start, TimeUnit.NANOSECONDS));
        });
    }
}
