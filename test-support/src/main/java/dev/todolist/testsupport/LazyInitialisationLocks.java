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
 * <li>Netty's adaptive allocator, when threads collide on its magazines, grows their array (to a bound set by the
 * core count) and takes each retired magazine's lock to free it (seen in {@code ProxyFaultIntegrationTests}
 * streaming 32 MiB: a read on an event loop met the lock of a magazine another loop was using). Netty's own
 * BlockHound integration does not list it; Armeria's test rules do.</li>
 * </ul>
 * Loaded by BlockHound through {@code ServiceLoader} in every test JVM that installs it.
 */
public final class LazyInitialisationLocks implements BlockHoundIntegration {

    static final String NETTY_MAGAZINES = "io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup";

    static final String NETTY_MAGAZINES_GROW = "tryExpandMagazines";

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("org.springframework.util.function.SingletonSupplier", "get");
        builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache",
            "_createAndCacheValueDeserializer");
        builder.allowBlockingCallsInside(NETTY_MAGAZINES, NETTY_MAGAZINES_GROW);
    }
}
