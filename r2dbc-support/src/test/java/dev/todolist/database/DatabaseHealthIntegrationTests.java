package dev.todolist.database;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.testsupport.TcpRelay;
import dev.todolist.testsupport.TestDatabase;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's readiness while MySQL hangs (stopped, not down: its connections stay open and nothing comes back):
 * {@code /actuator/health/readiness} answers 503 DOWN within {@link DatabaseHealth#BOUND}, well inside the 2 s a
 * Kubernetes probe waits, at every probe, and UP again once MySQL answers; the outage is logged once, when it
 * begins, and once when it ends, with no stack trace. MySQL is reached through a relay that holds back what it
 * relays. Before, each probe waited for the stall to end and then answered UP.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = DatabaseHealthIntegrationTests.AnyService.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "spring.r2dbc.pool.initial-size=2", "spring.r2dbc.pool.max-size=2",
            "spring.r2dbc.pool.max-acquire-time=5s",
            "management.endpoint.health.probes.enabled=true",
            "management.endpoint.health.group.readiness.include=readinessState,r2dbc" })
class DatabaseHealthIntegrationTests {

    static final TestDatabase db = TestDatabase.empty(DatabaseHealthIntegrationTests.class);

    static final TcpRelay relay = startedRelay();

    /** What a Kubernetes probe of the services waits for an answer (timeoutSeconds, deploy/kubernetes/base). */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /** Longer than a probe waits: each answer of MySQL comes this late while it "hangs". */
    static final Duration STALL = Duration.ofSeconds(4);

    /** Probes at once: twice the pool's connections. */
    static final int PROBERS = 4;

    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static TcpRelay startedRelay() {
        TcpRelay relay = new TcpRelay(db.host(), db.port());
        relay.relay();
        return relay;
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        db.registerR2dbc(registry);
        registry.add("spring.r2dbc.url", () -> "r2dbc:mysql://" + relay.address() + "/" + db.name());
    }

    @AfterAll
    static void stopRelay() {
        relay.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient client;

    @Autowired
    ConnectionFactory pool;

    @Test
    void readinessIsDownWithinTheBoundWhileMySqlHangsAndUpAfterLoggingTheOutageOnce(CapturedOutput output)
            throws Exception {
        // a first validation on a loaded machine (a connection opened cold) may take longer than the bound
        assertThat(readinessWithin(Duration.ofSeconds(15))).as("readiness before the stall").isEqualTo(200);
        int logged = output.length();

        relay.delay(STALL);
        try {
            for (int round = 1; round <= 2; round++) {
                // more probes at once than the pool has connections
                long start = System.nanoTime();
                List<CompletableFuture<Duration>> probes = IntStream.range(0, PROBERS)
                    .mapToObj(i -> readinessAsync().thenApply(answer -> {
                        Duration took = Duration.ofNanos(System.nanoTime() - start);
                        assertThat(answer.statusCode()).as("a probe during the stall, answered in %s", took)
                            .isEqualTo(503);
                        assertThat(answer.body()).contains("DOWN");
                        return took;
                    }))
                    .toList();
                for (CompletableFuture<Duration> probe : probes) {
                    assertThat(probe.get(10, TimeUnit.SECONDS)).as("a probe answered in")
                        .isLessThan(DatabaseHealth.BOUND.plusMillis(500))
                        .isLessThan(PROBE_TIMEOUT);
                }
                // one validation for all the probes of the stall: one connection, none opened for each probe
                assertThat(connections().getMetrics().orElseThrow().acquiredSize()).isEqualTo(1);
            }
        }
        finally {
            relay.delay(Duration.ZERO);
        }

        assertThat(readinessWithin(Duration.ofSeconds(15))).as("readiness once MySQL answers again").isEqualTo(200);
        // the connections whose validation was given up on serve queries again
        List<Integer> ones = Flux.range(0, 6)
            .concatMap(i -> client.sql("SELECT 1").map(row -> row.get(0, Integer.class)).one())
            .collectList()
            .block(Duration.ofSeconds(10));
        assertThat(ones).containsOnly(1).hasSize(6);
        // every connection a check took is back, those handed out after their probe's answer too
        assertThat(connections().getMetrics().orElseThrow().acquiredSize()).isZero();

        String log = output.toString().substring(logged);
        assertThat(log.lines().filter(line -> line.contains("MySQL does not answer"))).hasSize(1);
        assertThat(log.lines().filter(line -> line.contains("MySQL answers again"))).hasSize(1);
        assertThat(log).doesNotContain("Health check failed").doesNotContainPattern("(?m)^\\s+at ");
    }

    /** Readiness's status once it is 200, or its last one when the time is up. */
    private int readinessWithin(Duration time) throws Exception {
        long deadline = System.nanoTime() + time.toNanos();
        int status;
        while ((status = readiness().statusCode()) != 200 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        return status;
    }

    private ConnectionPool connections() {
        return ((Wrapped<?>) pool).unwrap(ConnectionPool.class);
    }

    private HttpResponse<String> readiness() throws Exception {
        return http.send(readinessRequest(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> readinessAsync() {
        return http.sendAsync(readinessRequest(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest readinessRequest() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(10))
            .build();
    }

    /** A service as far as its database and health go: Boot's auto-configuration, this module's included. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class AnyService {
    }
}
