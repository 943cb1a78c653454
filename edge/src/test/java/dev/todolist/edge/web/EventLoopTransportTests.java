package dev.todolist.edge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringServerSocketChannel;
import org.junit.jupiter.api.Test;
import reactor.netty.http.HttpResources;

class EventLoopTransportTests {

    @Test
    void theEdgesLoopsRunOnIoUringWhereTheKernelOffersIt() {
        assumeTrue(IoUring.isAvailable(), () -> "this kernel refuses io_uring: " + IoUring.unavailabilityCause());
        assertThat(EventLoopTransport.name(HttpResources.get())).isEqualTo("io_uring");
    }

    @Test
    void eachTransportIsNamedAsTheKernelInterfaceItUses() {
        assertThat(EventLoopTransport.name(IoUringServerSocketChannel.class)).isEqualTo("io_uring");
        assertThat(EventLoopTransport.name(EpollServerSocketChannel.class)).isEqualTo("epoll");
        assertThat(EventLoopTransport.name(NioServerSocketChannel.class)).isEqualTo("nio");
    }
}
