package dev.todolist.edge.web;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientIpResolverTests {

    private static MockServerHttpRequest.BaseBuilder<?> from(String peer) {
        return MockServerHttpRequest.get("/auth/login").remoteAddress(new InetSocketAddress(peer, 40000));
    }

    @Test
    void withoutAHeaderSettingThePeerIsTheClient() {
        ClientIpResolver resolver = new ClientIpResolver(new ClientIpProperties("", List.of("127.0.0.1")));
        assertThat(resolver.resolve(from("127.0.0.1").header("X-Forwarded-For", "1.2.3.4").build())).isEqualTo("127.0.0.1");
    }

    @Test
    void theHeaderIsIgnoredFromAnUntrustedPeer() {
        ClientIpResolver resolver = new ClientIpResolver(new ClientIpProperties("X-Forwarded-For", List.of("10.0.0.0/8")));
        assertThat(resolver.resolve(from("192.0.2.1").header("X-Forwarded-For", "1.2.3.4").build())).isEqualTo("192.0.2.1");
    }

    @Test
    void theRightMostUntrustedAddressIsTheClient() {
        ClientIpResolver resolver = new ClientIpResolver(
                new ClientIpProperties("X-Forwarded-For", List.of("10.0.0.0/8", "::1")));
        assertThat(resolver.resolve(from("10.0.0.5").header("X-Forwarded-For", "6.6.6.6, 203.0.113.9, 10.1.2.3").build()))
            .isEqualTo("203.0.113.9");
        assertThat(resolver.resolve(from("10.0.0.5").header("X-Forwarded-For", "6.6.6.6").header("X-Forwarded-For", "203.0.113.9").build()))
            .isEqualTo("203.0.113.9");
        assertThat(resolver.resolve(from("10.0.0.5").header("X-Forwarded-For", "10.9.9.9, 10.1.2.3").build()))
            .isEqualTo("10.9.9.9");
        assertThat(resolver.resolve(from("10.0.0.5").header("X-Forwarded-For", "evil.example.com, 10.1.2.3").build()))
            .isEqualTo("10.1.2.3");
        assertThat(resolver.resolve(from("10.0.0.5").build())).isEqualTo("10.0.0.5");
    }

    @Test
    void singleValueHeadersWorkTheSame() {
        ClientIpResolver resolver = new ClientIpResolver(new ClientIpProperties("X-Real-IP", List.of("127.0.0.1/8")));
        assertThat(resolver.resolve(from("127.0.0.1").header("X-Real-IP", "2001:db8::7").build())).isEqualTo("2001:db8::7");
    }

    @Test
    void aNetworkMatchesByItsPrefixBits() {
        ClientIpResolver resolver = new ClientIpResolver(
                new ClientIpProperties("X-Real-IP", List.of("192.0.2.128/25", "2001:db8::/32")));
        assertThat(resolver.resolve(from("192.0.2.200").header("X-Real-IP", "1.2.3.4").build())).isEqualTo("1.2.3.4");
        assertThat(resolver.resolve(from("192.0.2.100").header("X-Real-IP", "1.2.3.4").build())).isEqualTo("192.0.2.100");
        assertThat(resolver.resolve(from("2001:db8:ffff::1").header("X-Real-IP", "1.2.3.4").build())).isEqualTo("1.2.3.4");
    }

    /** Refused when the settings are bound, so the start fails naming the variable, not deep in a bean's creation. */
    @Test
    void aWrongTrustedProxyIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> new ClientIpProperties("", List.of("10.0.0.0/99")))
            .hasMessage("CLIENT_IP_TRUSTED_PROXIES: '10.0.0.0/99' has a prefix length that is not from 0 to 32");
        assertThatThrownBy(() -> new ClientIpProperties("", List.of("::1/x")))
            .hasMessage("CLIENT_IP_TRUSTED_PROXIES: '::1/x' has a prefix length that is not from 0 to 128");
        assertThatThrownBy(() -> new ClientIpProperties("", List.of("127.0.0.1", "proxy.internal")))
            .hasMessage("CLIENT_IP_TRUSTED_PROXIES: 'proxy.internal' is not an IP address or a CIDR network");
        assertThatThrownBy(() -> new ClientIpProperties("", List.of("10.0.0.0/-1")))
            .hasMessageContaining("has a prefix length that is not from 0 to 32");
    }
}
