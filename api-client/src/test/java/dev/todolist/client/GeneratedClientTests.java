package dev.todolist.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.todolist.client.api.AuthApi;
import dev.todolist.client.api.TasksApi;
import dev.todolist.client.model.Credentials;
import dev.todolist.client.model.Task;
import dev.todolist.client.model.TokenResponse;

/** The client generated from the document reads the answers the edge really gives (recorded from the stack). */
class GeneratedClientTests {

    private static final String TOKENS = """
            {"access_token":"eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.PAolYd4Ms3xfNtwzJ848X5VrvSOR3C4WEB8Xjnhca3U",\
            "token":"eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.PAolYd4Ms3xfNtwzJ848X5VrvSOR3C4WEB8Xjnhca3U",\
            "token_type":"Bearer","expires_in":900,"user":{"id":1,"email":"ada@example.com"}}""";

    private static final String TASK = """
            {"id":1,"ID":1,"title":"Buy milk","completed":false,"created_at":"2026-11-30T19:12:18Z",\
            "updated_at":"2026-11-30T19:12:18Z"}""";

    private static final String MISSING_TOKEN = """
            {"type":"about:blank","title":"Unauthorized","status":401,\
            "detail":"An access token is required: Authorization: Bearer <token>.","instance":"/tasks/1",\
            "error":"An access token is required: Authorization: Bearer <token>.","code":"missing_token"}""";

    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private final List<String> cookies = new CopyOnWriteArrayList<>();

    private HttpServer server;

    private ApiClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/auth/login", exchange -> {
            exchange.getResponseHeaders().add("Set-Cookie", "refresh_token=first; Path=/auth; HttpOnly; SameSite=Lax");
            answer(exchange, 200, "application/json", TOKENS);
        });
        server.createContext("/auth/refresh", exchange -> {
            cookies.add(String.valueOf(exchange.getRequestHeaders().getFirst("Cookie")));
            answer(exchange, 200, "application/json", TOKENS);
        });
        server.createContext("/tasks/1", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(authorization));
            if (authorization == null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                answer(exchange, 401, "application/problem+json", MISSING_TOKEN);
            }
            else {
                answer(exchange, 200, "application/json", TASK);
            }
        });
        server.start();
        client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aLoginThenATaskReadWithItsAccessToken() throws ApiException {
        TokenResponse tokens = new AuthApi(client)
            .login(new Credentials().email("ada@example.com").password("correct horse"));
        assertThat(tokens.getExpiresIn()).isEqualTo(900);
        assertThat(tokens.getUser().getEmail()).isEqualTo("ada@example.com");

        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + tokens.getAccessToken()));
        Task task = new TasksApi(client).getTask(1L);
        assertThat(task.getTitle()).isEqualTo("Buy milk");
        assertThat(task.getCompleted()).isFalse();
        assertThat(task.getCreatedAt()).isEqualTo("2026-11-30T19:12:18Z");
        assertThat(authorizations).containsExactly("Bearer " + tokens.getAccessToken());
    }

    /**
     * The generator's java.net.http library sends no cookie parameter: {@code refresh(String)} ignores its argument
     * and the edge answers 401 missing_token. A client with a cookie store refreshes as a browser does (README).
     */
    @Test
    void aRefreshSendsTheLoginsCookieFromTheClientsCookieStore() throws ApiException {
        client.setHttpClientBuilder(HttpClient.newBuilder().cookieHandler(new CookieManager()));
        AuthApi auth = new AuthApi(client);
        auth.login(new Credentials().email("ada@example.com").password("correct horse"));
        auth.refresh("ignored by the generated code");
        assertThat(cookies).containsExactly("refresh_token=first");
    }

    @Test
    void aRefusalReachesTheCallerWithItsProblemJson() {
        assertThatThrownBy(() -> new TasksApi(client).getTask(1L)).isInstanceOf(ApiException.class)
            .satisfies(thrown -> {
                ApiException refused = (ApiException) thrown;
                assertThat(refused.getCode()).isEqualTo(401);
                assertThat(refused.getResponseBody()).contains("\"code\":\"missing_token\"");
            });
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
