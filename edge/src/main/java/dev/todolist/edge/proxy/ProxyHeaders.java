package dev.todolist.edge.proxy;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * The header policy of the proxy. Towards the upstream: hop-by-hop headers (RFC 9110 7.6.1, plus any header the
 * {@code Connection} header names), {@code Host}, {@code Authorization}, {@code Cookie} and whatever the client sent
 * as {@code X-User-ID}, {@code X-Internal-Token} or {@code X-Forwarded-*} are dropped; the edge sets those itself.
 * So are the trace context headers ({@code traceparent}, {@code tracestate}, {@code b3}): the proxy's observed
 * WebClient sends its own, the edge's client span as parent (a copy would make two of each).
 * Back to the client: hop-by-hop headers and {@code Set-Cookie} are dropped (the only cookie a client gets is the
 * edge's own refresh cookie), and the edge's own CORS headers win. All names compare case-insensitively.
 */
final class ProxyHeaders {

    static final String USER_ID = "X-User-ID";

    static final String INTERNAL_TOKEN = "X-Internal-Token";

    private static final Set<String> HOP_BY_HOP = caseInsensitive("Connection", "Keep-Alive", "Proxy-Authenticate",
            "Proxy-Authorization", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade");

    private static final Set<String> NOT_FORWARDED = caseInsensitive("Connection", "Keep-Alive",
            "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding",
            "Upgrade", "Host", "Authorization", "Cookie", USER_ID, INTERNAL_TOKEN, "X-Forwarded-For",
            "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port", "Forwarded", "traceparent", "tracestate",
            "b3");

    private ProxyHeaders() {
    }

    /**
     * Copies the client's headers that may travel upstream into the upstream request's (whose defaults, such as
     * Reactor Netty's {@code User-Agent}, give way to the client's own), then sets the edge's own.
     */
    static void forwardRequest(io.netty.handler.codec.http.HttpHeaders from, io.netty.handler.codec.http.HttpHeaders to,
            String userId, String internalToken, String clientIp, String proto) {
        Set<String> named = connectionNamed(from.getAll(HttpHeaders.CONNECTION));
        if (!to.isEmpty()) {
            for (String name : to.names()) {
                if (from.contains(name) && isForwarded(name, named)) {
                    to.remove(name);
                }
            }
        }
        for (Iterator<Map.Entry<String, String>> headers = from.iteratorAsString(); headers.hasNext();) {
            Map.Entry<String, String> header = headers.next();
            if (isForwarded(header.getKey(), named)) {
                to.add(header.getKey(), header.getValue());
            }
        }
        to.set(USER_ID, userId);
        to.set(INTERNAL_TOKEN, internalToken);
        to.set("X-Forwarded-For", clientIp);
        to.set("X-Forwarded-Proto", proto);
        String host = from.get(HttpHeaders.HOST);
        if (host != null) {
            to.set("X-Forwarded-Host", host);
        }
    }

    /** Copies the upstream's response headers back, except hop-by-hop ones, cookies and CORS (the edge's own). */
    static void returnResponse(HttpHeaders from, io.netty.handler.codec.http.HttpHeaders to) {
        Set<String> named = connectionNamed(from.get(HttpHeaders.CONNECTION));
        from.forEach((name, values) -> {
            if (HOP_BY_HOP.contains(name) || (named != null && named.contains(name))
                    || name.equalsIgnoreCase(HttpHeaders.SET_COOKIE)
                    || name.regionMatches(true, 0, "Access-Control-", 0, 15)) {
                return;
            }
            if (name.equalsIgnoreCase(HttpHeaders.VARY)) {
                to.add(name, values);
            }
            else {
                to.set(name, values);
            }
        });
    }

    private static boolean isForwarded(String name, @Nullable Set<String> connectionNamed) {
        return !NOT_FORWARDED.contains(name) && (connectionNamed == null || !connectionNamed.contains(name));
    }

    /** The headers named by {@code Connection} (other than the usual close/keep-alive), or null when none. */
    private static @Nullable Set<String> connectionNamed(@Nullable List<String> connection) {
        if (connection == null || connection.isEmpty()) {
            return null;
        }
        Set<String> named = null;
        for (String value : connection) {
            for (String token : value.split(",")) {
                String name = token.trim();
                if (name.isEmpty() || name.equalsIgnoreCase("close") || name.equalsIgnoreCase("keep-alive")) {
                    continue;
                }
                if (named == null) {
                    named = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                }
                named.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return named;
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }
}
