package dev.todolist.database;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.testsupport.TestDatabase;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every pooled connection killed at once (MySQL's {@code KILL}, its {@code wait_timeout}, a failover): the next
 * queries get fresh connections instead of failing, however many dead ones the pool holds.
 */
@SpringBootTest(classes = DeadConnectionsIntegrationTests.AnyService.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
            "spring.r2dbc.pool.initial-size=4", "spring.r2dbc.pool.max-size=4" })
class DeadConnectionsIntegrationTests {

    static final TestDatabase db = TestDatabase.empty(DeadConnectionsIntegrationTests.class);

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    static final int POOL = 4;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        db.registerR2dbc(registry);
    }

    @Autowired
    ConnectionFactory pool;

    @Autowired
    DatabaseClient client;

    @Test
    void queriesAfterEveryPooledConnectionWasKilledGetFreshConnections() throws Exception {
        List<Long> killed = fillThePool();
        assertThat(killed).hasSize(POOL).doesNotHaveDuplicates();
        kill(killed);
        Thread.sleep(200); // the driver has seen the sockets close

        List<Long> served = Flux.range(0, POOL)
            .flatMap(i -> client.sql("SELECT CONNECTION_ID()").map(row -> row.get(0, Long.class)).one())
            .collectList()
            .block(TIMEOUT);

        assertThat(served).as("each query answered on a new connection").hasSize(POOL).doesNotContainAnyElementsOf(killed);
    }

    /** Holds every connection of the pool at once, then gives them back: the ids MySQL knows them by. */
    private List<Long> fillThePool() {
        return Flux.range(0, POOL)
            .flatMap(i -> Mono.from(pool.create()))
            .collectList()
            .flatMapMany(connections -> Flux.fromIterable(connections)
                .concatMap(DeadConnectionsIntegrationTests::connectionId)
                .concatWith(Flux.fromIterable(connections).concatMap(Connection::close).then(Mono.empty())))
            .collectList()
            .block(TIMEOUT);
    }

    private static Mono<Long> connectionId(Connection connection) {
        return Mono.from(connection.createStatement("SELECT CONNECTION_ID()").execute())
            .flatMap(result -> Mono.from(result.map(row -> row.get(0, Long.class))));
    }

    /** Only this pool's connections: the server is shared with other tests and a running stack. */
    private static void kill(List<Long> ids) throws SQLException {
        try (java.sql.Connection root = db.connect(); Statement statement = root.createStatement()) {
            for (long id : ids) {
                statement.execute("KILL " + id);
            }
        }
    }

    /** A service as far as its database goes: Boot's auto-configuration, this module's included. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class AnyService {
    }
}
