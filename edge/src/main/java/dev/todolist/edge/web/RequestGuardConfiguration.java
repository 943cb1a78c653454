package dev.todolist.edge.web;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

/** Puts a {@link RequestGuard} on every connection, in front of Reactor Netty's HTTP handling. */
@Configuration(proxyBeanMethods = false)
class RequestGuardConfiguration {

    @Bean
    NettyServerCustomizer requestGuard(JsonMapper jsonMapper, CorsHeaders cors, RequestLimitsProperties limits) {
        long idleMillis = limits.bodyIdleTimeout().toMillis();
        return server -> server.doOnChannelInit((observer, channel, remote) -> channel.pipeline()
            .addBefore(NettyPipeline.HttpTrafficHandler, RequestGuard.NAME, new RequestGuard(jsonMapper, cors,
                    idleMillis)));
    }
}
