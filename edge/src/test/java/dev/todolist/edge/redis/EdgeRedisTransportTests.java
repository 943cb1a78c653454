package dev.todolist.edge.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.resource.EpollProvider;
import io.lettuce.core.resource.IOUringProvider;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;

class EdgeRedisTransportTests {

    @Test
    void redisStaysOnEpollWhereReactorNettyRunsOnIoUring() throws ClassNotFoundException {
        assumeTrue(IoUring.isAvailable(), () -> "this kernel refuses io_uring: " + IoUring.unavailabilityCause());
        Class.forName(EdgeRedis.class.getName()); // initialised, as before its first client is built
        // seen beside epoll, io_uring cost a WARN per client and per connection (io_uring's options on epoll channels)
        assertThat(IOUringProvider.isAvailable()).isFalse();
        assertThat(EpollProvider.isAvailable()).isTrue();
    }
}
