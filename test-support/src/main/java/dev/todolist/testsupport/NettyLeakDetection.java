package dev.todolist.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test class when Netty reports a leaked buffer: captures the {@code LEAK:} lines that
 * {@link ResourceLeakDetector} logs (the build runs tests with {@code -Dio.netty.leakDetection.level=paranoid}).
 * After each test it fails that test on the leaks reported so far (the garbage collections the test's own work
 * caused report most, with the leaked buffer's recorded accesses); after the class it forces collections and a few
 * tracked allocations, so that the leaks still pending get reported, and fails the class on them. Forcing them after
 * every test cost about 0.4 s a test (three full collections of a heap holding Spring contexts), some 2.5 minutes of
 * the build.
 */
public class NettyLeakDetection implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private static final List<String> leaks = new CopyOnWriteArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        failOn(reported());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        failOn(collect());
    }

    private static void failOn(List<String> found) {
        if (!found.isEmpty()) {
            throw new AssertionError("Netty reported " + found.size() + " buffer leak(s):\n" + String.join("\n", found));
        }
    }

    /** Kept for tests that run without a Spring context: makes sure logback (and so the appender) is configured. */
    static void install() {
        LoggerFactory.getLogger(ResourceLeakDetector.class);
    }

    /** Named in {@code logback-test.xml} on the {@code io.netty.util.ResourceLeakDetector} logger. */
    public static class LeakAppender extends AppenderBase<ILoggingEvent> {

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR) && event.getFormattedMessage().contains("LEAK:")) {
                leaks.add(event.getFormattedMessage());
            }
        }
    }

    /** Forces the pending leak reports out and returns (and forgets) every leak seen so far. */
    static List<String> collect() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(50);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 50; i++) {
                ByteBuf pooled = PooledByteBufAllocator.DEFAULT.buffer(16);
                pooled.release();
                ByteBuf direct = UnpooledByteBufAllocator.DEFAULT.directBuffer(16);
                direct.release();
            }
        }
        return reported();
    }

    /** Returns (and forgets) the leaks reported so far, without forcing any report out. */
    static List<String> reported() {
        List<String> found = new ArrayList<>(leaks);
        leaks.clear();
        return found;
    }
}
