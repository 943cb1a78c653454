package dev.todolist.edge.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.stereotype.Component;

/**
 * Mints HS256 access tokens with nimbus-jose-jwt: {@code sub}, {@code iat}, {@code exp}, {@code jti}, {@code sid}.
 * The same arguments always give the same token, which is how a refresh repeated within the grace window returns
 * the very pair the first one did.
 */
@Component
class AccessTokens {

    static final String SESSION_CLAIM = "sid";

    private static final JWSHeader HEADER = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build();

    private final MACSigner signer;

    private final Duration ttl;

    AccessTokens(TokenProperties properties) throws JOSEException {
        this.signer = new MACSigner(properties.secretBytes());
        this.ttl = properties.accessTokenTtl();
    }

    Issued mint(long userId, String sessionId, String tokenId, Instant issuedAt) {
        Instant expiresAt = issuedAt.plus(ttl);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(Long.toString(userId))
            .issueTime(Date.from(issuedAt))
            .expirationTime(Date.from(expiresAt))
            .jwtID(tokenId)
            .claim(SESSION_CLAIM, sessionId)
            .build();
        SignedJWT jwt = new SignedJWT(HEADER, claims);
        try {
            jwt.sign(signer);
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Could not sign an access token", ex);
        }
        return new Issued(jwt.serialize(), ttl.toSeconds());
    }

    record Issued(String token, long expiresInSeconds) {
    }
}
