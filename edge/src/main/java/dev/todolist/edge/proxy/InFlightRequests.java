package dev.todolist.edge.proxy;

import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * How many proxied requests each user has in flight through this edge, capped at
 * {@code PROXY_MAX_IN_FLIGHT_PER_USER}: one user (or one stolen token) cannot hold every upstream connection, for
 * instance with request bodies that never arrive.
 */
@Component
class InFlightRequests {

    private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();

    private final int max;

    InFlightRequests(UpstreamProperties properties) {
        this.max = properties.maxInFlightPerUser();
    }

    /** Counts one more request of the user, unless that would pass the cap (then false, and nothing counted). */
    boolean tryAcquire(String userId) {
        boolean[] acquired = new boolean[1];
        counts.compute(userId, (user, count) -> {
            int current = count == null ? 0 : count;
            acquired[0] = current < max;
            return acquired[0] ? current + 1 : count;
        });
        return acquired[0];
    }

    void release(String userId) {
        counts.computeIfPresent(userId, (user, count) -> count == 1 ? null : count - 1);
    }
}
