package dev.todolist.edge.web;

import java.net.InetSocketAddress;
import java.util.List;

import io.netty.util.NetUtil;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * The client IP used for rate limits and {@code X-Forwarded-For}. Without a configured header it is the TCP peer.
 * With one, and only when the peer is a trusted proxy, the header's addresses (comma-separated, all occurrences
 * in order) are read from the right: the first one that is not itself a trusted proxy is the client (proxies
 * append, so entries further left are whatever the client chose to send). If every entry is trusted, the
 * left-most one is used; a malformed entry stops the walk and the last trusted hop seen is used. Entries are parsed
 * as IP literals only, never looked up (a name lookup would block an event loop, and a client chooses the text).
 */
@Component
public class ClientIpResolver {

    private final String header;

    private final List<Cidr> trusted;

    ClientIpResolver(ClientIpProperties properties) {
        this.header = properties.header();
        this.trusted = properties.trustedProxies().stream().map(Cidr::parse).toList();
    }

    public String resolve(ServerHttpRequest request) {
        String peer = peer(request);
        if (header.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        List<String> values = request.getHeaders().get(header);
        if (values == null || values.isEmpty()) {
            return peer;
        }
        String candidate = peer;
        for (int v = values.size() - 1; v >= 0; v--) {
            String[] entries = values.get(v).split(",");
            for (int i = entries.length - 1; i >= 0; i--) {
                String entry = entries[i].trim();
                if (bytes(entry) == null) {
                    return candidate;
                }
                if (!isTrusted(entry)) {
                    return entry;
                }
                candidate = entry;
            }
        }
        return candidate;
    }

    private boolean isTrusted(String address) {
        byte[] bytes = bytes(address);
        if (bytes == null) {
            return false;
        }
        for (Cidr cidr : trusted) {
            if (cidr.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    private static String peer(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null || remote.getAddress() == null) {
            return "unknown";
        }
        return remote.getAddress().getHostAddress();
    }

    /** The address's bytes, or null when it is not an IPv4 or IPv6 literal; never a name lookup. */
    private static byte @Nullable [] bytes(String address) {
        return NetUtil.createByteArrayFromIpAddressString(address);
    }

    /** One trusted-proxy entry: an IP, or a network in CIDR notation. */
    private record Cidr(byte[] network, int prefixBits) {

        static Cidr parse(String entry) {
            int slash = entry.indexOf('/');
            String ip = slash < 0 ? entry : entry.substring(0, slash);
            byte[] network = bytes(ip);
            if (network == null) {
                throw new IllegalArgumentException("CLIENT_IP_TRUSTED_PROXIES: not an IP or CIDR: " + entry);
            }
            int bits = slash < 0 ? network.length * 8 : Integer.parseInt(entry.substring(slash + 1));
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException("CLIENT_IP_TRUSTED_PROXIES: bad prefix length: " + entry);
            }
            return new Cidr(network, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefixBits / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }
}
