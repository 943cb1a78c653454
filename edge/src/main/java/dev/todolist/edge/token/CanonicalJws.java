package dev.todolist.edge.token;

/**
 * Whether a token is a JWS in its one compact spelling (RFC 7515, 7.1): three base64url parts without padding, each
 * part's last character with no bits beyond its bytes. Nimbus decodes leniently, so {@code token=}, a signature
 * written in the {@code +/} alphabet, or its last character with its unused low bits changed, all verified as the
 * same token: one token, several strings that a client, a log or a cache keyed by the string would take for others.
 */
final class CanonicalJws {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private CanonicalJws() {
    }

    static boolean isCanonical(String token) {
        int parts = 0;
        int start = 0;
        for (int i = 0; i <= token.length(); i++) {
            if (i == token.length() || token.charAt(i) == '.') {
                if (++parts > 3 || !isCanonicalPart(token, start, i)) {
                    return false;
                }
                start = i + 1;
            }
        }
        return parts == 3;
    }

    /** base64url without padding, its last character ending on a whole byte. */
    private static boolean isCanonicalPart(String token, int start, int end) {
        int length = end - start;
        if (length == 0 || length % 4 == 1) {
            return false;
        }
        int last = -1;
        for (int i = start; i < end; i++) {
            last = ALPHABET.indexOf(token.charAt(i));
            if (last < 0) {
                return false;
            }
        }
        // 2 characters carry 12 bits for one byte (4 spare), 3 carry 18 for two (2 spare)
        int spareBits = switch (length % 4) {
            case 2 -> 0b1111;
            case 3 -> 0b11;
            default -> 0;
        };
        return (last & spareBits) == 0;
    }
}
