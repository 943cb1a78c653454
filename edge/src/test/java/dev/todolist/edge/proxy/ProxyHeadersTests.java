package dev.todolist.edge.proxy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyHeadersTests {

    @Test
    void requestDropsHopByHopCredentialsAndSpoofedIdentityCaseInsensitively() {
        io.netty.handler.codec.http.HttpHeaders in = new DefaultHttpHeaders();
        in.add("Host", "edge.example");
        in.add("user-agent", "curl/8");
        in.add("authorization", "Bearer x");
        in.add("COOKIE", "a=b");
        in.add("x-user-id", "1");
        in.add("X-INTERNAL-TOKEN", "forged");
        in.add("Connection", "keep-alive, X-Hop");
        in.add("x-hop", "1");
        in.add("Transfer-Encoding", "chunked");
        in.add("Upgrade", "websocket");
        in.add("x-forwarded-for", "6.6.6.6");
        in.add("Content-Type", "application/json");
        in.add("Accept", "application/json");
        in.add("Accept", "text/plain");
        // what Reactor Netty's client request holds before the copy
        io.netty.handler.codec.http.HttpHeaders out = new DefaultHttpHeaders();
        out.add("Host", "todo-core:8081");
        out.add("User-Agent", "ReactorNetty/1.3");
        ProxyHeaders.forwardRequest(in, out, "42", "secret", "192.0.2.1", "https");
        assertThat(out.names()).containsExactlyInAnyOrder("Host", "user-agent", "Content-Type", "Accept",
                "X-User-ID", "X-Internal-Token", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host");
        assertThat(out.getAll("Host")).containsExactly("todo-core:8081");
        assertThat(out.getAll("User-Agent")).containsExactly("curl/8");
        assertThat(out.getAll("Accept")).containsExactly("application/json", "text/plain");
        assertThat(out.getAll("X-User-ID")).containsExactly("42");
        assertThat(out.getAll("X-Internal-Token")).containsExactly("secret");
        assertThat(out.getAll("X-Forwarded-For")).containsExactly("192.0.2.1");
        assertThat(out.get("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(out.get("X-Forwarded-Host")).isEqualTo("edge.example");
    }

    @Test
    void requestLeavesTheTraceContextToTheObservedClientAndKeepsTheRequestId() {
        io.netty.handler.codec.http.HttpHeaders in = new DefaultHttpHeaders();
        in.add("TraceParent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        in.add("tracestate", "vendor=1");
        in.add("b3", "0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-1");
        in.add("X-Request-ID", "4f1c2e");
        io.netty.handler.codec.http.HttpHeaders out = new DefaultHttpHeaders();
        ProxyHeaders.forwardRequest(in, out, "42", "secret", "192.0.2.1", "http");
        assertThat(out.names()).containsExactlyInAnyOrder("X-Request-ID", "X-User-ID", "X-Internal-Token",
                "X-Forwarded-For", "X-Forwarded-Proto");
        assertThat(out.get("X-Request-ID")).isEqualTo("4f1c2e");
    }

    @Test
    void responseDropsHopByHopAndKeepsTheEdgesCors() {
        HttpHeaders upstream = new HttpHeaders();
        upstream.add("Content-Type", "application/json");
        upstream.add("Location", "/tasks/1");
        upstream.add("keep-alive", "timeout=5");
        upstream.add("Connection", "X-Private");
        upstream.add("X-Private", "1");
        upstream.add("Access-Control-Allow-Origin", "*");
        upstream.add("Vary", "Accept");
        upstream.add("Set-Cookie", "upstream=1");
        upstream.add("X-Content-Type-Options", "nosniff");
        io.netty.handler.codec.http.HttpHeaders response = new DefaultHttpHeaders();
        response.add("Access-Control-Allow-Origin", "http://localhost:3000");
        response.add("Vary", "Origin");
        response.add("X-Content-Type-Options", "nosniff");
        ProxyHeaders.returnResponse(upstream, response);
        assertThat(response.getAll("Access-Control-Allow-Origin")).containsExactly("http://localhost:3000");
        assertThat(response.getAll("Vary")).containsExactly("Origin", "Accept");
        assertThat(response.getAll("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(response.get("Location")).isEqualTo("/tasks/1");
        assertThat(response.contains("Set-Cookie")).isFalse();
        assertThat(response.contains("keep-alive")).isFalse();
        assertThat(response.contains("X-Private")).isFalse();
        assertThat(response.contains("Connection")).isFalse();
    }
}
