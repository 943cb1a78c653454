package dev.todolist.edge.proxy;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyHeadersTests {

    @Test
    void requestDropsHopByHopCredentialsAndSpoofedIdentityCaseInsensitively() {
        HttpHeaders in = new HttpHeaders();
        in.add("Host", "edge.example");
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
        HttpHeaders out = new HttpHeaders();
        ProxyHeaders.forwardRequest(in, out, "42", "secret", "192.0.2.1", "https");
        assertThat(out.headerNames()).containsExactlyInAnyOrder("Content-Type", "Accept", "X-User-ID",
                "X-Internal-Token", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host");
        assertThat(out.get("X-User-ID")).containsExactly("42");
        assertThat(out.get("X-Internal-Token")).containsExactly("secret");
        assertThat(out.get("X-Forwarded-For")).containsExactly("192.0.2.1");
        assertThat(out.getFirst("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(out.getFirst("X-Forwarded-Host")).isEqualTo("edge.example");
    }

    @Test
    void requestLeavesTheTraceContextToTheObservedClientAndKeepsTheRequestId() {
        HttpHeaders in = new HttpHeaders();
        in.add("TraceParent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        in.add("tracestate", "vendor=1");
        in.add("b3", "0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-1");
        in.add("X-Request-ID", "4f1c2e");
        HttpHeaders out = new HttpHeaders();
        ProxyHeaders.forwardRequest(in, out, "42", "secret", "192.0.2.1", "http");
        assertThat(out.headerNames()).containsExactlyInAnyOrder("X-Request-ID", "X-User-ID", "X-Internal-Token",
                "X-Forwarded-For", "X-Forwarded-Proto");
        assertThat(out.getFirst("X-Request-ID")).isEqualTo("4f1c2e");
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
        HttpHeaders response = new HttpHeaders();
        response.add("Access-Control-Allow-Origin", "http://localhost:3000");
        response.add("Vary", "Origin");
        ProxyHeaders.returnResponse(upstream, response);
        assertThat(response.get("Access-Control-Allow-Origin")).containsExactly("http://localhost:3000");
        assertThat(response.get("Vary")).containsExactly("Origin", "Accept");
        assertThat(response.getFirst("Location")).isEqualTo("/tasks/1");
        assertThat(response.containsHeader("keep-alive")).isFalse();
        assertThat(response.containsHeader("X-Private")).isFalse();
        assertThat(response.containsHeader("Connection")).isFalse();
    }
}
