package dev.todolist.database;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.BeforeAll;
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
 * What a pooled connection costs MySQL when it comes back, and what it must not carry back: Spring Boot's R2DBC pool
 * over r2dbc-mysql, configured by nothing but auto-configuration, as in every service.
 */
@SpringBootTest(classes = ConnectionReleaseIntegrationTests.AnyService.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
            // one connection: a transaction left open on it would still be open for the next query
            "spring.r2dbc.pool.initial-size=1", "spring.r2dbc.pool.max-size=1" })
class ConnectionReleaseIntegrationTests {

    static final TestDatabase db = TestDatabase.empty(ConnectionReleaseIntegrationTests.class);

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        db.registerR2dbc(registry);
    }

    @BeforeAll
    static void notes() throws SQLException {
        try (java.sql.Connection connection = db.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS notes (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                    + " text VARCHAR(40) NOT NULL) ENGINE=InnoDB");
        }
    }

    @Autowired
    ConnectionFactory pool;

    @Autowired
    DatabaseClient client;

    @Test
    void aQueryCostsMySqlNoPingWhenItsConnectionReturnsToThePool() throws SQLException {
        int queries = 50;
        long before = adminCommands();

        Flux.range(1, queries)
            .concatMap(i -> client.sql("SELECT COUNT(*) FROM notes").map(row -> row.get(0)).one())
            .then()
            .block(TIMEOUT);

        // r2dbc-mysql's release step sent one COM_PING per query (counted by the server as an admin command)
        assertThat(adminCommands() - before).isLessThan(queries / 10);
    }

    @Test
    void aTransactionLeftOpenIsRolledBackWhenItsConnectionReturnsToThePool() {
        String text = "never committed " + System.nanoTime();
        Mono.usingWhen(pool.create(),
                connection -> Mono.from(connection.beginTransaction())
                    .then(Mono.from(insertNote(connection, text)))
                    .then(),
                Connection::close)
            .block(TIMEOUT);

        Long notes = client.sql("SELECT COUNT(*) FROM notes WHERE text = :text")
            .bind("text", text)
            .map(row -> row.get(0, Long.class))
            .one()
            .block(TIMEOUT);
        assertThat(notes).isZero();
    }

    private static Mono<Long> insertNote(Connection connection, String text) {
        return Mono.from(connection.createStatement("INSERT INTO notes (text) VALUES (?)")
            .bind(0, text)
            .execute()).flatMap(result -> Mono.from(result.getRowsUpdated()));
    }

    private static long adminCommands() throws SQLException {
        try (java.sql.Connection connection = db.connect();
                Statement statement = connection.createStatement();
                ResultSet status = statement.executeQuery("SHOW GLOBAL STATUS LIKE 'Com_admin_commands'")) {
            status.next();
            return status.getLong(2);
        }
    }

    /** A service as far as its database goes: Boot's auto-configuration, this module's included. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class AnyService {
    }
}
