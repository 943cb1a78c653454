package dev.todolist.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The leak check the proxy tests rely on really sees a leak. */
class NettyLeakDetectionTests {

    @Test
    void leakDetectionIsParanoidInTests() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void aLeakedBufferIsReported() {
        NettyLeakDetection.install();
        NettyLeakDetection.collect();
        leak();
        assertThat(NettyLeakDetection.collect()).anySatisfy(line -> assertThat(line).contains("LEAK:"));
    }

    @Test
    void aClassWhoseTestLeaksFailsEvenWhenTheLeakIsReportedOnlyAfterItsLastTest() {
        NettyLeakDetection.install();
        NettyLeakDetection.collect();
        Events failed = EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(LeakingTests.class))
            .execute()
            .allEvents()
            .failed();
        assertThat(failed.stream())
            .anySatisfy(event -> assertThat(event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                .map(Throwable::getMessage)).hasValueSatisfying(message -> assertThat(message).contains("LEAK:")));
    }

    private static void leak() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.buffer(64);
        buffer.writeInt(42);
    }

    /** Run only through the test kit above (Surefire leaves nested classes alone). */
    @ExtendWith(NettyLeakDetection.class)
    static class LeakingTests {

        @Test
        void leaksABuffer() {
            leak();
        }
    }
}
