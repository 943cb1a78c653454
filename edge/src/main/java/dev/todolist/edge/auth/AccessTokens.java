package dev.todolist.edge.auth;

import java.time.Clock;
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

/** Mints HS256 access tokens with nimbus-jose-jwt: {@code sub}, {@code iat}, {@code exp}, {@code jti}, {@code sid}. */
@Component
class AccessTokens {

    private static final JWSHeader HEADER = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build();

    private final MACSigner signer;

    private final Duration ttl;

    private final RandomTokens random;

    private final Clock clock;

    AccessTokens(AuthProperties properties, RandomTokens random, Clock clock) throws JOSEException {
        this.signer = new MACSigner(properties.secretBytes());
        this.ttl = properties.accessTokenTtl();
        this.random = random;
        this.clock = clock;
    }

    Issued issue(long userId, String sessionId) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(Long.toString(userId))
            .issueTime(Date.from(now))
            .expirationTime(Date.from(expiresAt))
            .jwtID(random.next(16))
            .claim("sid", sessionId)
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
