package dev.todolist.database;

import java.util.concurrent.atomic.AtomicInteger;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/** The driver's factory, counting each connection it is asked to make. */
record CountedLogins(ConnectionFactory driver, AtomicInteger count) implements ConnectionFactory {

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.defer(() -> {
            count.incrementAndGet();
            return Mono.from(driver.create());
        });
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return driver.getMetadata();
    }
}
