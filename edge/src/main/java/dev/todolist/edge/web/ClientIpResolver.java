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

    private final List<TrustedNetwork> trusted;

    ClientIpResolver(ClientIpProperties properties) {
        this.header = properties.header();
        this.trusted = properties.trustedProxies().stream().map(TrustedNetwork::parse).toList();
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
        for (TrustedNetwork network : trusted) {
            if (network.contains(bytes)) {
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
    static byte @Nullable [] bytes(String address) {
        return NetUtil.createByteArrayFromIpAddressString(address);
    }
}
