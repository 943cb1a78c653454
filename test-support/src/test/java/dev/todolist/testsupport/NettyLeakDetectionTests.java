package dev.todolist.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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

    private static void leak() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.buffer(64);
        buffer.writeInt(42);
    }
}
