package dev.todolist.database;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.r2dbc.ConnectionFactoryDecorator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.testsupport.TestDatabase;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A database that refuses the service (a wrong password or grant): each acquire from the pool, a readiness probe's
 * or a request's, costs MySQL one attempt to log in, not one for every connection the pool may hold, and fails
 * with MySQL's reason. Before, an edge probed five times a second made MySQL refuse 140 logins a second, each a
 * warning in its log. (A pool of {@code initial-size} n still tries to open n connections while it holds none; the
 * services keep theirs at 2.)
 */
@SpringBootTest(classes = RefusedDatabaseIntegrationTests.AnyService.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
            "spring.r2dbc.pool.initial-size=1", "spring.r2dbc.pool.max-size=4" })
class RefusedDatabaseIntegrationTests {

    static final TestDatabase db = TestDatabase.empty(RefusedDatabaseIntegrationTests.class);

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    static final AtomicInteger logins = new AtomicInteger();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        db.registerR2dbc(registry);
        registry.add("spring.r2dbc.password", () -> db.password() + "-not-it");
    }

    @Autowired
    ConnectionFactory pool;

    @BeforeEach
    void noLoginsYet() {
        logins.set(0);
    }

    @Test
    void anAcquireCostsTheDatabaseOneLoginAndFailsWithItsReason() {
        for (int acquire = 1; acquire <= 3; acquire++) {
            assertThatThrownBy(() -> Mono.from(pool.create()).block(TIMEOUT))
                .isInstanceOf(R2dbcPermissionDeniedException.class);
            assertThat(logins).as("logins after %d acquires", acquire).hasValue(acquire);
        }
    }

    /** A service as far as its database goes, with each attempt to log in counted beneath the pool. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class AnyService {

        @Bean
        ConnectionFactoryDecorator countLogins() {
            return driver -> new CountedLogins(driver, logins);
        }
    }
}
