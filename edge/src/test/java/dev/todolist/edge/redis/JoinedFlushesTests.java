package dev.todolist.edge.redis;

import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands handed to a Redis connection's event loop together leave in one flush, not one each, and a command that
 * comes alone is not held back.
 */
class JoinedFlushesTests {

    @Test
    void commandsQueuedOnTheLoopTogetherLeaveInOneFlush() {
        EmbeddedChannel channel = new EmbeddedChannel();
        new JoinedFlushes().afterChannelInitialized(channel);
        AtomicInteger flushes = countFlushesReachingTheSocket(channel);

        // as Lettuce does for a command written from another thread: a write and a flush, as a task of the loop
        for (int command = 0; command < 3; command++) {
            String message = "EXISTS revoked:" + command;
            channel.eventLoop().execute(() -> channel.writeAndFlush(message));
        }
        channel.runPendingTasks();

        assertThat(channel.outboundMessages()).hasSize(3);
        assertThat(flushes).hasValue(1);

        channel.eventLoop().execute(() -> channel.writeAndFlush("EXISTS revoked:alone"));
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).hasSize(4);
        assertThat(flushes).hasValue(2);
    }

    private static AtomicInteger countFlushesReachingTheSocket(EmbeddedChannel channel) {
        AtomicInteger flushes = new AtomicInteger();
        channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes.incrementAndGet();
                ctx.flush();
            }
        });
        return flushes;
    }
}
