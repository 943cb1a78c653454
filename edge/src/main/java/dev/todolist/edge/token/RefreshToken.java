package dev.todolist.edge.token;

/**
 * An opaque refresh token as the client holds it: {@code <session id>.<secret>}, both base64url. The session id in
 * front lets the edge name the session's keys before it asks Redis anything; the secret is what makes it
 * unguessable. Redis only ever holds its SHA-256.
 */
record RefreshToken(String sessionId, String value) {

    static final int SESSION_ID_BYTES = 16;

    static final int SECRET_BYTES = 32;

    private static final int SESSION_ID_CHARS = base64Length(SESSION_ID_BYTES);

    private static final int SECRET_CHARS = base64Length(SECRET_BYTES);

    /** The token, or null when the text cannot be one of ours (then it is simply unknown). */
    static RefreshToken parse(String text) {
        if (text.length() != SESSION_ID_CHARS + 1 + SECRET_CHARS || text.charAt(SESSION_ID_CHARS) != '.') {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (i != SESSION_ID_CHARS && !isBase64Url(text.charAt(i))) {
                return null;
            }
        }
        return new RefreshToken(text.substring(0, SESSION_ID_CHARS), text);
    }

    static RefreshToken of(String sessionId, String secret) {
        return new RefreshToken(sessionId, sessionId + "." + secret);
    }

    String hash() {
        return RandomTokens.sha256(value);
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private static int base64Length(int bytes) {
        return (bytes * 8 + 5) / 6;
    }
}
