package dev.todolist.todo.database;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.testsupport.TestDatabase;
import dev.todolist.todo.TestUsers;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/** What a pooled connection costs MySQL when it comes back, and what it must not carry back. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
    // one connection: a transaction left open on it would still be open for the next query
    "spring.r2dbc.pool.initial-size=1", "spring.r2dbc.pool.max-size=1" })
@ActiveProfiles("test")
class ConnectionReleaseIntegrationTests {

    static final TestDatabase db = TestDatabase.create(ConnectionReleaseIntegrationTests.class);

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        db.registerR2dbc(registry);
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
            .concatMap(i -> client.sql("SELECT COUNT(*) FROM tasks").map(row -> row.get(0)).one())
            .then()
            .block(TIMEOUT);

        // r2dbc-mysql's release step sent one COM_PING per query (counted by the server as an admin command)
        assertThat(adminCommands() - before).isLessThan(queries / 10);
    }

    @Test
    void aTransactionLeftOpenIsRolledBackWhenItsConnectionReturnsToThePool() {
        long owner = TestUsers.create(db);
        Mono.usingWhen(pool.create(),
                connection -> Mono.from(connection.beginTransaction())
                    .then(Mono.from(insertTask(connection, owner)))
                    .then(),
                Connection::close)
            .block(TIMEOUT);

        Long tasks = client.sql("SELECT COUNT(*) FROM tasks WHERE user_id = :owner")
            .bind("owner", owner)
            .map(row -> row.get(0, Long.class))
            .one()
            .block(TIMEOUT);
        assertThat(tasks).isZero();
    }

    private static Mono<Long> insertTask(Connection connection, long owner) {
        return Mono.from(connection
            .createStatement("INSERT INTO tasks (user_id, title, completed, created_at, updated_at)"
                    + " VALUES (?, 'never committed', FALSE, UTC_TIMESTAMP(), UTC_TIMESTAMP())")
            .bind(0, owner)
            .execute()).flatMap(result -> Mono.from(result.getRowsUpdated()));
    }

    private static long adminCommands() throws SQLException {
        try (java.sql.Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement statement = connection.createStatement();
                ResultSet status = statement.executeQuery("SHOW GLOBAL STATUS LIKE 'Com_admin_commands'")) {
            status.next();
            return status.getLong(2);
        }
    }
}
