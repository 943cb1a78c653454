package dev.todolist.database;

import java.time.Duration;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Lifecycle;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;

/**
 * The driver's connections without their {@link Lifecycle}, so that the pool does not call
 * {@link Lifecycle#preRelease()} when a connection comes back. r2dbc-mysql (1.4) rolls back there, and with no
 * transaction open it sends a {@code COM_PING} instead: one more round trip to MySQL after every query, which took
 * about a tenth of todo-core's CPU for a listing and as many commands again of MySQL's.
 * <p>
 * Nothing is lost: r2dbc-pool rolls back a transaction begun through the pooled connection that is still open when
 * it comes back, and every transaction of the services is begun that way (Spring's {@code R2dbcTransactionManager},
 * through {@code TransactionalOperator} or {@code @Transactional}); none opens one in SQL text.
 */
final class ReleasedWithoutPing implements ConnectionFactory, Wrapped<ConnectionFactory> {

    private final ConnectionFactory driver;

    ReleasedWithoutPing(ConnectionFactory driver) {
        this.driver = driver;
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.from(driver.create()).map(WithoutLifecycle::new);
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return driver.getMetadata();
    }

    @Override
    public ConnectionFactory unwrap() {
        return driver;
    }

    /** Every call goes to the driver's connection; only the {@link Lifecycle} interface is left out. */
    private record WithoutLifecycle(Connection connection) implements Connection, Wrapped<Connection> {

        @Override
        public Connection unwrap() {
            return connection;
        }

        @Override
        public Publisher<Void> beginTransaction() {
            return connection.beginTransaction();
        }

        @Override
        public Publisher<Void> beginTransaction(TransactionDefinition definition) {
            return connection.beginTransaction(definition);
        }

        @Override
        public Publisher<Void> close() {
            return connection.close();
        }

        @Override
        public Publisher<Void> commitTransaction() {
            return connection.commitTransaction();
        }

        @Override
        public Batch createBatch() {
            return connection.createBatch();
        }

        @Override
        public Publisher<Void> createSavepoint(String name) {
            return connection.createSavepoint(name);
        }

        @Override
        public Statement createStatement(String sql) {
            return connection.createStatement(sql);
        }

        @Override
        public boolean isAutoCommit() {
            return connection.isAutoCommit();
        }

        @Override
        public ConnectionMetadata getMetadata() {
            return connection.getMetadata();
        }

        @Override
        public IsolationLevel getTransactionIsolationLevel() {
            return connection.getTransactionIsolationLevel();
        }

        @Override
        public Publisher<Void> releaseSavepoint(String name) {
            return connection.releaseSavepoint(name);
        }

        @Override
        public Publisher<Void> rollbackTransaction() {
            return connection.rollbackTransaction();
        }

        @Override
        public Publisher<Void> rollbackTransactionToSavepoint(String name) {
            return connection.rollbackTransactionToSavepoint(name);
        }

        @Override
        public Publisher<Void> setAutoCommit(boolean autoCommit) {
            return connection.setAutoCommit(autoCommit);
        }

        @Override
        public Publisher<Void> setLockWaitTimeout(Duration timeout) {
            return connection.setLockWaitTimeout(timeout);
        }

        @Override
        public Publisher<Void> setStatementTimeout(Duration timeout) {
            return connection.setStatementTimeout(timeout);
        }

        @Override
        public Publisher<Void> setTransactionIsolationLevel(IsolationLevel level) {
            return connection.setTransactionIsolationLevel(level);
        }

        @Override
        public Publisher<Boolean> validate(ValidationDepth depth) {
            return connection.validate(depth);
        }
    }
}
