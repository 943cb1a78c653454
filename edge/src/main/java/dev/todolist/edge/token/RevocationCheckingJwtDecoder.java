package dev.todolist.edge.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Spring Security's Nimbus decoder (signature, algorithm, claims) followed by the Redis revocation check, which
 * runs on every request. A Redis failure is a {@link RevocationCheckException}, answered with 503: never a pass.
 * <p>
 * Tokens whose signature and claims were already verified are remembered (exact token string, bounded, until their
 * {@code exp}), so a client's repeated requests skip the parse and HMAC; the revocation check is never skipped. A
 * token that is not in its one compact spelling ({@link CanonicalJws}) is refused before either.
 */
class RevocationCheckingJwtDecoder implements ReactiveJwtDecoder {

    private static final int MAX_REMEMBERED = 4096;

    private final ReactiveJwtDecoder delegate;

    private final Revocations revocations;

    private final Clock clock;

    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    RevocationCheckingJwtDecoder(ReactiveJwtDecoder delegate, Revocations revocations, Clock clock) {
        this.delegate = delegate;
        this.revocations = revocations;
        this.clock = clock;
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = verified.get(token);
        if (known != null && isUnexpired(known)) {
            return checkRevocation(known);
        }
        if (!CanonicalJws.isCanonical(token)) {
            return Mono.error(new BadJwtException("the token is not a JWS in its compact spelling"));
        }
        return delegate.decode(token).flatMap(jwt -> {
            remember(token, jwt);
            return checkRevocation(jwt);
        });
    }

    private boolean isUnexpired(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        return expiresAt != null && clock.instant().isBefore(expiresAt);
    }

    private void remember(String token, Jwt jwt) {
        if (verified.size() >= MAX_REMEMBERED) {
            verified.clear();
        }
        verified.put(token, jwt);
    }

    private Mono<Jwt> checkRevocation(Jwt jwt) {
        return revocations.isRevoked(jwt.getId(), jwt.getClaimAsString(AccessTokens.SESSION_CLAIM), jwt.getIssuedAt())
            .onErrorMap(RevocationCheckException::new)
            .switchIfEmpty(Mono.error(() -> new RevocationCheckException(null)))
            .flatMap(revoked -> revoked ? Mono.error(new RevokedTokenException()) : Mono.just(jwt));
    }
}
