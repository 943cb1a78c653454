package dev.todolist.edge.token;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Unguessable identifiers (token ids, session ids, refresh tokens) from a DRBG seeded once at start-up, so that
 * drawing one never reads {@code /dev/urandom} on an event-loop thread; and the keyed derivations of a refresh
 * token's successor, with a key derived from {@code JWT_SECRET}.
 */
@Component
class RandomTokens {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private static final String HMAC = "HmacSHA256";

    private final SecureRandom random;

    private final SecretKeySpec derivationKey;

    RandomTokens(TokenProperties properties) throws NoSuchAlgorithmException {
        this.random = SecureRandom.getInstance("DRBG");
        this.random.nextBytes(new byte[16]);
        this.derivationKey = new SecretKeySpec(
                hmac(new SecretKeySpec(properties.secretBytes(), HMAC), "refresh-token-rotation"), HMAC);
    }

    /** {@code bytes} random bytes, base64url without padding. */
    String next(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return BASE64URL.encodeToString(value);
    }

    /** {@code bytes} bytes derived from {@code purpose} and {@code input} with the edge's key, base64url. */
    String derive(String purpose, String input, int bytes) {
        byte[] mac = hmac(derivationKey, purpose + ":" + input);
        return BASE64URL.encodeToString(Arrays.copyOf(mac, bytes));
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

    private static byte[] hmac(SecretKeySpec key, String input) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException | InvalidKeyException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
