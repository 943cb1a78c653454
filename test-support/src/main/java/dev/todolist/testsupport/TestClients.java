package dev.todolist.testsupport;

import java.time.Duration;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.todolist.testsupport.openapi.ApiContract;

/**
 * A WebTestClient on a running server that always reads every response body to the end (into heap memory), so that
 * a test checking only a status never leaves Netty buffers of its own behind for the leak check to find.
 */
public final class TestClients {

    private TestClients() {
    }

    public static WebTestClient http(int port) {
        return WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(Duration.ofSeconds(30))
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
            .filter((request, next) -> next.exchange(request).flatMap(TestClients::drained))
            .build();
    }

    /**
     * The same client, with every answer held against the API document: a test fails on any answer the document
     * does not describe, whatever the test itself checks of it.
     */
    public static WebTestClient http(int port, ApiContract contract) {
        return http(port).mutate().filter(contract.filter()).build();
    }

    private static Mono<ClientResponse> drained(ClientResponse response) {
        return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()))
            .map(joined -> {
                byte[] bytes = new byte[joined.readableByteCount()];
                joined.read(bytes);
                DataBufferUtils.release(joined);
                return bytes;
            })
            .defaultIfEmpty(new byte[0])
            .map(bytes -> response.mutate()
                .body(Flux.<DataBuffer>just(DefaultDataBufferFactory.sharedInstance.wrap(bytes)))
                .build());
    }
}
