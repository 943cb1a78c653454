package dev.todolist.edge.web;

import io.netty.channel.socket.ServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.stereotype.Component;
import reactor.netty.resources.LoopResources;

/**
 * Names the kernel interface that Reactor Netty's event loops (the HTTP server's and the proxy's WebClient's) use,
 * once, when the edge is ready. The edge carries Netty's io_uring transport, which Reactor Netty prefers wherever the
 * kernel lets a process set up a ring: fewer system calls per proxied request than epoll (README, "Performance").
 * Docker's and containerd's default seccomp profiles refuse io_uring, so the images run on epoll, which Netty falls
 * back to by itself; this line tells an operator which of the two a given edge got. The users database's driver
 * (r2dbc-mysql, on Reactor Netty's TCP loops) makes the same choice; Redis's client (Lettuce) stays on epoll either
 * way ({@code EdgeRedis}): on io_uring it gained nothing measurable.
 */
@Component
class EventLoopTransport {

    private static final Logger log = LoggerFactory.getLogger(EventLoopTransport.class);

    private final ReactorResourceFactory resources;

    EventLoopTransport(ReactorResourceFactory resources) {
        this.resources = resources;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        log.info("Network I/O of the HTTP server and the proxy on {}", name(resources.getLoopResources()));
    }

    /** The transport of a server channel of these loops, as the HTTP server gets one. */
    static String name(LoopResources loops) {
        return name(loops.onChannelClass(ServerSocketChannel.class, loops.onServer(LoopResources.DEFAULT_NATIVE)));
    }

    /** {@code io_uring}, {@code epoll}, {@code kqueue} or {@code nio}, by Netty's names for its channels. */
    static String name(Class<?> channel) {
        String name = channel.getSimpleName();
        if (name.startsWith("IoUring")) {
            return "io_uring";
        }
        if (name.startsWith("Epoll")) {
            return "epoll";
        }
        return name.startsWith("KQueue") ? "kqueue" : "nio";
    }
}
