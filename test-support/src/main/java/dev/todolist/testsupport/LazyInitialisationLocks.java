package dev.todolist.testsupport;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The locks BlockHound may see an event-loop thread wait on: those that libraries hold only while they build
 * something once, in memory, on first use. The first concurrent requests after start-up can meet there (seen in
 * {@code ConcurrentWritesTests}): each waits for a few microseconds of CPU work, never for I/O, and never again once
 * the value is built. Every other lock, sleep or I/O on a non-blocking thread is still reported.
 * <ul>
 * <li>Spring's {@code SingletonSupplier.get()} locks only until its value is computed; Boot's repository metrics
 * listener resolves its meter registry that way on the first repository call.</li>
 * <li>Jackson's {@code DeserializerCache} locks while it builds a deserializer for a type not seen before.</li>
 * </ul>
 * Loaded by BlockHound through {@code ServiceLoader} in every test JVM that installs it.
 */
public final class LazyInitialisationLocks implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("org.springframework.util.function.SingletonSupplier", "get");
        builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache",
            "_createAndCacheValueDeserializer");
    }
}
