package dev.todolist.testsupport;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lettuce's {@code SharedLock} guards the count of threads writing to one connection with a lock held for a few
 * instructions (an increment or a decrement, no I/O); event-loop threads that write at the same moment can meet on it.
 * Were BlockHound to throw there, the error would escape {@code decrementWriters()} with the count already raised,
 * and the connection's {@code close()} would then spin forever waiting for that writer (seen in
 * {@code ProxySaturationIntegrationTests}, which hung a whole test run; the same spin is redis/lettuce#3880). So
 * waiting inside those two methods is allowed; every other lock, sleep or I/O on a non-blocking thread is still
 * reported. Loaded by BlockHound through {@code ServiceLoader}, like {@link LazyInitialisationLocks}.
 */
public final class LettuceWriterCount implements BlockHoundIntegration {

    private static final String SHARED_LOCK = "io.lettuce.core.protocol.SharedLock";

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside(SHARED_LOCK, "incrementWriters");
        builder.allowBlockingCallsInside(SHARED_LOCK, "decrementWriters");
    }
}
