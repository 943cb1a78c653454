package dev.todolist.edge.token;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.todolist.edge.redis.EdgeRedis;
import dev.todolist.edge.redis.LuaScript;
import dev.todolist.edge.redis.RedisKeys;
import reactor.core.publisher.Mono;

/**
 * Since when Redis holds every revocation: an access token issued before that is refused. Revocations live only in
 * Redis, so a Redis that lost its data (restarted without persistence, flushed) would otherwise let every logged-out
 * or reused token through again until it expires. The epoch is a value in Redis ({@code revocation-epoch}) with a
 * marker key named after it, which every token check asks for beside the revocations ({@link Revocations}). When a
 * check no longer finds the marker, Redis lost its data (or another edge began a newer epoch): the edge learns the
 * current epoch, or begins one at this moment ({@code redis/revocation-epoch.lua}). An edge that knew no epoch yet
 * (it learns it once ready, or at its first check if Redis did not answer then) and finds none begins one at its own
 * launch, less {@link #LAUNCH_MARGIN}: a Redis that is new, or lost its data while no edge ran. A login learns the
 * epoch (or begins one) before it mints a token, so that the first login after a loss is not refused at its first
 * check. The epoch is kept to the second, as {@code iat} is.
 */
@Component
class RevocationEpoch {

    private static final Logger log = LoggerFactory.getLogger(RevocationEpoch.class);

    /**
     * How long before its JVM's launch an edge that knew no epoch begins one: a token minted by a script that starts
     * the edge and mints a token at once (the JVM records its launch once it is up, some 100 ms later) is not refused.
     * Tokens issued this long before the launch are trusted after a loss while no edge ran; stopping the edges takes
     * longer than that.
     */
    static final Duration LAUNCH_MARGIN = Duration.ofSeconds(2);

    private static final LuaScript CURRENT_OR_NEW = LuaScript.load("revocation-epoch");

    private final EdgeRedis redis;

    private final RedisKeys keys;

    private final Clock clock;

    private final long launchedAt = ManagementFactory.getRuntimeMXBean().getStartTime() - LAUNCH_MARGIN.toMillis();

    private volatile @Nullable Epoch known;

    RevocationEpoch(EdgeRedis redis, RedisKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    /** Learns the epoch once ready, so that the first requests do not wait for it (if Redis fails, the first does). */
    @EventListener(ApplicationReadyEvent.class)
    void learnOnceReady() {
        if (known == null) {
            current(null).subscribe(epoch -> { },
                    failure -> log.debug("No revocation epoch yet: {}", failure.toString()));
        }
    }

    /** The epoch this edge last learnt, or null before it learnt one. */
    @Nullable Epoch known() {
        return known;
    }

    /**
     * The epoch Redis holds now; if it holds none, or holds {@code missing} (the epoch whose marker a check did not
     * find), a new one, begun now or, by an edge that knew none, at its launch.
     */
    Mono<Epoch> current(@Nullable Epoch missing) {
        String begin = Long.toString(missing == null && known == null ? launchedAt : clock.millis());
        return redis.<List<String>>run(CURRENT_OR_NEW,
                List.of(keys.revocationEpoch(), keys.revocationEpochMarker(begin)), begin,
                missing == null ? "" : missing.value())
            .map(reply -> learn(reply.getFirst(), begin.equals(reply.getFirst()), missing));
    }

    private Epoch learn(String value, boolean begun, @Nullable Epoch missing) {
        Epoch epoch = new Epoch(value, Long.parseLong(value) / 1000, keys.revocationEpochMarker(value));
        if (begun && missing == null && known == null) {
            log.warn("Redis held no revocation epoch (it is new, was last used by a release without one, or lost its "
                    + "data while no edge ran: a restart without persistence, a flush): access tokens issued before {} "
                    + "are refused",
                    Instant.ofEpochSecond(epoch.seconds()));
        }
        else if (begun) {
            log.warn("Redis lost revocation epoch {} (a restart without persistence, a flush, an eviction): access "
                    + "tokens issued before {} are refused from now on", (missing != null ? missing : known).value(),
                    Instant.ofEpochSecond(epoch.seconds()));
        }
        else if (!epoch.equals(known)) {
            log.info("Revocation epoch {}: access tokens issued before {} are refused", value,
                    Instant.ofEpochSecond(epoch.seconds()));
        }
        known = epoch;
        return epoch;
    }

    /** One epoch: its value in Redis, the second it began and its marker key. */
    record Epoch(String value, long seconds, String marker) {

        /** Whether a token issued at that time is as recent as the epoch (one without {@code iat} is not). */
        boolean covers(@Nullable Instant issuedAt) {
            return issuedAt != null && issuedAt.getEpochSecond() >= seconds;
        }
    }
}
