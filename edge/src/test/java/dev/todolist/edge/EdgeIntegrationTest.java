package dev.todolist.edge;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.testsupport.TestClients;

/**
 * The edge on a random port, as a client meets it: a context of its own per test class (each class points it at its
 * own database, Redis key prefix and upstream with {@link EdgeSettings}, closed when the class is done), Netty's leak
 * check, and {@link #http}, a WebTestClient that drains every body.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@ExtendWith(NettyLeakDetection.class)
public abstract class EdgeIntegrationTest {

    @LocalServerPort
    protected int port;

    protected WebTestClient http;

    @BeforeEach
    void openClient() {
        http = TestClients.http(port);
    }
}
