package dev.todolist.edge.proxy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * One WebClient for every proxied request, on a shared keep-alive connection pool and Reactor Netty's global event
 * loops (the HTTP server's too, except in tests, where Boot gives the server loops of its own). Built from Boot's
 * {@link WebClient.Builder}, so that each call is observed (the {@code http.client.requests} timer, a client span,
 * {@code traceparent} sent upstream); no codecs or URI templates on the hot path (its {@code uri} tag stays
 * {@code none}: bounded).
 */
@Configuration(proxyBeanMethods = false)
class ProxyConfiguration {

    private static final String BODY_IDLE_TIMEOUT = "edge.bodyIdleTimeout";

    @Bean(destroyMethod = "dispose")
    ConnectionProvider proxyConnectionProvider(UpstreamProperties properties) {
        return ConnectionProvider.builder("edge-proxy")
            .maxConnections(properties.maxConnections())
            .pendingAcquireMaxCount(properties.maxConnections() * 4)
            .pendingAcquireTimeout(properties.poolAcquireTimeout())
            .maxIdleTime(Duration.ofSeconds(30))
            .build();
    }

    @Bean
    WebClient proxyWebClient(WebClient.Builder builder, ConnectionProvider proxyConnectionProvider,
            UpstreamProperties properties) {
        HttpClient http = HttpClient.create(proxyConnectionProvider)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.connectTimeout().toMillis()))
            .responseTimeout(properties.responseTimeout())
            // Once the answer has started, the response timeout gives way to a longer idle limit: while a slow
            // client holds back a large body (backpressure), nothing is read from the upstream for a while.
            .doOnResponse((response, connection) -> connection.removeHandler(NettyPipeline.ResponseTimeoutHandler)
                .addHandlerLast(BODY_IDLE_TIMEOUT,
                        new ReadTimeoutHandler(properties.bodyIdleTimeout().toMillis(), TimeUnit.MILLISECONDS)))
            .keepAlive(true)
            .compress(false);
        return builder.clientConnector(new ReactorClientHttpConnector(http)).build();
    }
}
