package dev.todolist.edge.redis;

import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * The commands written to a Redis connection in one turn of its event loop leave in one system call. Every proxied
 * request sends one command ({@code EXISTS} of its token's revocation keys) from its own event loop; Lettuce hands
 * each to its connection's loop as a write and a flush, and each flush was a {@code sendto} of its own. Netty's
 * {@link FlushConsolidationHandler} defers a flush to the end of the loop's current batch of tasks, so that the
 * commands queued meanwhile go out together; nothing waits for a timer.
 */
final class JoinedFlushes implements NettyCustomizer {

    /** Past this many deferred flushes in one batch, the handler flushes anyway (Netty's default). */
    private static final int MAX_DEFERRED = FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES;

    @Override
    public void afterChannelInitialized(Channel channel) {
        channel.pipeline().addFirst(new FlushConsolidationHandler(MAX_DEFERRED, true));
    }
}
