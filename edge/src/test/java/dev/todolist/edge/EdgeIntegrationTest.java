package dev.todolist.edge;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.testsupport.TestClients;
import dev.todolist.testsupport.openapi.ApiContract;

import static dev.todolist.testsupport.ProblemAssertions.MAP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge on a random port, as a client meets it: a context of its own per test class (each class points it at its
 * own database, Redis key prefix and upstream with {@link EdgeSettings}, closed when the class is done and its keys
 * then deleted), Netty's leak check, and {@link #http}, a WebTestClient that drains every body and holds every answer
 * against the API document (a test fails on an answer the document does not describe, whatever the test itself
 * checks of it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@ExtendWith({ NettyLeakDetection.class, RedisKeysCleanUp.class })
public abstract class EdgeIntegrationTest {

    @LocalServerPort
    protected int port;

    /** The document the edge serves, loaded once for every test class. */
    protected static final ApiContract contract = ApiContract.load();

    protected WebTestClient http;

    @BeforeEach
    void openClient() {
        http = TestClients.http(port, contract);
    }

    /** A client whose answers are not held against the document: for what is no API route (Swagger UI's assets). */
    protected WebTestClient unchecked() {
        return TestClients.http(port);
    }

    /** A new account's email (password {@code correct horse}), unique to this call. */
    protected String registered(String name) {
        String email = name + "-" + System.nanoTime() + "@example.com";
        http.post().uri("/auth/register").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", email, "password", "correct horse")).exchange().expectStatus().isCreated();
        return email;
    }

    /** A successful login of an account {@link #registered} made. */
    protected EntityExchangeResult<Map<String, Object>> signIn(String email) {
        return http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", email, "password", "correct horse")).exchange().expectStatus().isOk()
            .expectBody(MAP).returnResult();
    }

    /** A refresh with that refresh cookie, whatever it answers. */
    protected EntityExchangeResult<Map<String, Object>> refresh(String cookie) {
        return http.post().uri("/auth/refresh").cookie("refresh_token", cookie).exchange().expectBody(MAP)
            .returnResult();
    }

    /** The refresh cookie an answer set. */
    protected static String cookie(EntityExchangeResult<?> result) {
        ResponseCookie cookie = result.getResponseCookies().getFirst("refresh_token");
        assertThat(cookie).isNotNull();
        return cookie.getValue();
    }
}
