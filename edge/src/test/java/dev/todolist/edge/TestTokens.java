package dev.todolist.edge;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** The tests' JWT secret and tokens minted (or forged) with nimbus-jose-jwt. */
public final class TestTokens {

    public static final String SECRET = "test-secret-of-the-edge-tests-0123456789abcdef";

    public static final String INTERNAL_TOKEN = "internal-" + UUID.randomUUID();

    private TestTokens() {
    }

    public static JWTClaimsSet.Builder claims(long userId, Instant expiresAt) {
        return new JWTClaimsSet.Builder().subject(Long.toString(userId))
            .issueTime(Date.from(Instant.now().minusSeconds(5)))
            .expirationTime(Date.from(expiresAt))
            .jwtID(UUID.randomUUID().toString())
            .claim("sid", UUID.randomUUID().toString());
    }

    /** A token the edge accepts for the given user (valid for ten minutes). */
    public static String valid(long userId) {
        return sign(claims(userId, Instant.now().plusSeconds(600)).build(), SECRET, JWSAlgorithm.HS256);
    }

    public static String sign(JWTClaimsSet claims, String secret, JWSAlgorithm algorithm) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** An unsigned token ({@code alg: none}) with valid-looking claims. */
    public static String unsigned(long userId) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = encoder.encodeToString(
                claims(userId, Instant.now().plusSeconds(600)).build().toString().getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    /** A valid token whose payload was replaced (another user id), keeping the original signature. */
    public static String tampered(long userId, long otherUserId) {
        String[] parts = valid(userId).split("\\.");
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String payload = encoder.encodeToString(claims(otherUserId, Instant.now().plusSeconds(600)).build()
            .toString()
            .getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + payload + "." + parts[2];
    }

    /**
     * The token spelled otherwise: its last character with the spare low bits given ({@code xor}, 1 to 3 for an
     * HS256 signature of 43 characters), which base64url decoders that do not check them read as the same bytes.
     */
    public static String respelled(String token, int xor) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ xor);
    }
}
