package dev.todolist.edge.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.stereotype.Component;

/**
 * Unguessable identifiers (token ids, session ids, refresh tokens) from a DRBG seeded once at startup, so that
 * drawing one never reads {@code /dev/urandom} on an event-loop thread.
 */
@Component
class RandomTokens {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random;

    RandomTokens() throws NoSuchAlgorithmException {
        this.random = SecureRandom.getInstance("DRBG");
        this.random.nextBytes(new byte[16]);
    }

    /** {@code bytes} random bytes, base64url without padding. */
    String next(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return BASE64URL.encodeToString(value);
    }

    /** The form in which refresh tokens are stored: a leaked Redis dump holds no usable token. */
    static String sha256(String token) {
        try {
            return BASE64URL.encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
