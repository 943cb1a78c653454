package dev.todolist.todo;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.testsupport.TestClients;
import dev.todolist.testsupport.openapi.ApiContract;

/**
 * A WebTestClient on the running server, as the edge calls it: internal credential and X-User-ID. It is a
 * {@link TestClients} client, so a test checking only a status leaves no Netty buffer of its own behind for
 * {@link NettyLeakDetection} to find (only the server's leaks count). A user's client holds every answer against the
 * public API document's {@code /tasks} operations: the edge passes these answers through as they are.
 */
public final class ApiClient {

    public static final String INTERNAL_TOKEN = "test-internal-token";

    private static final ApiContract CONTRACT = ApiContract.load();

    private ApiClient() {
    }

    public static WebTestClient anonymous(int port) {
        return TestClients.http(port);
    }

    public static WebTestClient asUser(int port, long userId) {
        return TestClients.http(port, CONTRACT).mutate()
            .defaultHeader("X-Internal-Token", INTERNAL_TOKEN)
            .defaultHeader("X-User-ID", Long.toString(userId))
            .defaultHeader("Content-Type", MediaType.APPLICATION_JSON_VALUE)
            .build();
    }
}
