package dev.todolist.http;

import io.netty.util.NetUtil;

/**
 * The rule for a {@code Host} header's value (RFC 9110, 7.2: {@code uri-host [ ":" port ]}; RFC 3986, 3.2.2): empty
 * (a target without an authority), or a host name or IPv4 address (unreserved characters, sub-delimiters and
 * percent-escapes), or an IPv6 address in brackets (a zone as {@code %25...} allowed), each with a port from 0 to
 * 65535 if any. RFC 9112, 3.2 has a server answer 400 to any other value; before this rule, a bad port was a bare
 * 400 from Spring's adapter, which could not build the request's URI, and other bad values were served (a CORS
 * request with one was a misleading 403).
 */
final class HostHeader {

    static final String REFUSAL = "The Host header must be a host name or address, with a port from 0 to 65535 if any.";

    private static final String SUB_DELIMITERS = "!$&'()*+,;=";

    private static final int MAX_PORT = 65_535;

    private HostHeader() {
    }

    static boolean isValid(String value) {
        if (value.isEmpty()) {
            return true;
        }
        int hostEnd;
        if (value.charAt(0) == '[') {
            int close = value.indexOf(']');
            if (close < 0 || !isIpv6Literal(value.substring(1, close))) {
                return false;
            }
            hostEnd = close + 1;
        }
        else {
            int colon = value.indexOf(':');
            hostEnd = colon < 0 ? value.length() : colon;
            if (hostEnd == 0 || !isRegName(value, 0, hostEnd)) {
                return false;
            }
        }
        return hostEnd == value.length() || value.charAt(hostEnd) == ':' && isPort(value, hostEnd + 1);
    }

    /** An IPv6 address, with a zone as RFC 6874 spells it ({@code fe80::1%25eth0}) if any. */
    private static boolean isIpv6Literal(String literal) {
        int zone = literal.indexOf("%25");
        String address = zone < 0 ? literal : literal.substring(0, zone);
        return address.indexOf('%') < 0 && NetUtil.isValidIpV6Address(address)
                && (zone < 0 || zone + 3 < literal.length() && isRegName(literal, zone + 3, literal.length()));
    }

    /** Unreserved characters, sub-delimiters and well-formed percent-escapes from {@code from} to {@code to}. */
    private static boolean isRegName(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (RequestTargets.escape(text, i, to) < 0) {
                    return false;
                }
                i += 2;
            }
            else if (!RequestTargets.isUnreserved(c) && SUB_DELIMITERS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPort(String text, int from) {
        int length = text.length() - from;
        if (length < 1 || length > 5) {
            return false;
        }
        int port = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port <= MAX_PORT;
    }
}
