package dev.todolist.edge.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

import dev.todolist.edge.observability.EdgeMetrics;
import dev.todolist.edge.token.SessionStore.Owner;
import dev.todolist.edge.token.SessionStore.Rotation;
import dev.todolist.http.ApiException;
import reactor.core.publisher.Mono;

/**
 * A login session's tokens from start to end: opening one (an access token and the first refresh token), using a
 * refresh token (rotation; reuse of an old one revokes the session; a repeat within the grace window, as two tabs
 * refreshing at once do, gets the same pair again) and closing one (logout).
 * <p>
 * A rotation's successor and its access token's id are derived from the presented token with the edge's key,
 * and the access token's issue time is the rotation's: the same presented token always gives the same pair, so
 * the pair need not be stored to be handed out twice.
 */
@Component
public class SessionTokens {

    private final SessionStore store;

    private final AccessTokens accessTokens;

    private final RandomTokens random;

    private final Clock clock;

    private final long refreshLifetimeSeconds;

    private final EdgeMetrics metrics;

    private final RevocationEpoch epochs;

    SessionTokens(SessionStore store, AccessTokens accessTokens, RandomTokens random, Clock clock,
            TokenProperties properties, EdgeMetrics metrics, RevocationEpoch epochs) {
        this.metrics = metrics;
        this.epochs = epochs;
        this.store = store;
        this.accessTokens = accessTokens;
        this.random = random;
        this.clock = clock;
        this.refreshLifetimeSeconds = properties.refreshTokenTtl().toSeconds();
    }

    /** A new login's pair, minted within the revocation epoch Redis holds (begun now if Redis lost it). */
    public Mono<TokenPair> open(long userId, String email) {
        return epochs.current(null).then(Mono.defer(() -> {
            Instant now = clock.instant();
            RefreshToken first = RefreshToken.of(random.next(RefreshToken.SESSION_ID_BYTES),
                    random.next(RefreshToken.SECRET_BYTES));
            Owner owner = new Owner(userId, email);
            return store.start(owner, first, now)
                .then(Mono.fromSupplier(() -> pair(owner, first, random.next(16), now)));
        }));
    }

    /** The next pair; a 401 {@link ApiException} for a token that is unknown, expired, revoked or reused. */
    public Mono<TokenPair> refresh(String presentedText) {
        RefreshToken presented = RefreshToken.parse(presentedText);
        if (presented == null) {
            return Mono.error(invalid());
        }
        RefreshToken successor = RefreshToken.of(presented.sessionId(),
                random.derive("successor", presented.value(), RefreshToken.SECRET_BYTES));
        return store.rotate(presented, successor, clock.instant()).map(rotation -> refreshed(rotation, presented,
                successor));
    }

    /**
     * Logout: the session of {@code accessToken} ends, and the token itself is revoked, at once; so does the session
     * of the refresh token sent with it ({@code refreshCookie}), if that is another live session of the same user
     * (the browser's cookie from a later login than this tab's access token: the cookie is cleared by the answer,
     * and its session must not outlive it).
     */
    public Mono<Void> close(Jwt accessToken, @Nullable String refreshCookie) {
        Instant expiresAt = accessToken.getExpiresAt();
        Duration left = expiresAt == null ? Duration.ZERO : Duration.between(clock.instant(), expiresAt);
        String sid = accessToken.getClaimAsString(AccessTokens.SESSION_CLAIM);
        long userId = Long.parseLong(accessToken.getSubject());
        Mono<Void> ended = store.end(sid, userId, accessToken.getId(), left);
        RefreshToken held = refreshCookie == null ? null : RefreshToken.parse(refreshCookie);
        if (held == null || held.sessionId().equals(sid)) {
            return ended;
        }
        return ended.then(store.endHeld(held, userId));
    }

    private TokenPair refreshed(Rotation rotation, RefreshToken presented, RefreshToken successor) {
        return switch (rotation.outcome()) {
            case ROTATED, REPEATED -> pair(rotation.owner(), successor,
                    random.derive("access-token-id", presented.value(), 16), rotation.rotatedAt());
            case UNKNOWN -> throw invalid();
            case REUSED -> {
                metrics.refreshReuse();
                throw revoked();
            }
            case REVOKED -> throw revoked();
        };
    }

    private static ApiException revoked() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "token_revoked",
                    "The refresh token was revoked.");
    }

    private TokenPair pair(Owner owner, RefreshToken refresh, String accessTokenId, Instant issuedAt) {
        AccessTokens.Issued access = accessTokens.mint(owner.userId(), refresh.sessionId(), accessTokenId, issuedAt);
        // a pair given again within the reuse grace was minted at the rotation: its expires_in is what is left of it
        long age = Math.max(0, Duration.between(issuedAt, clock.instant()).toSeconds());
        return new TokenPair(access.token(), Math.max(0, access.expiresInSeconds() - age), refresh.value(),
                refreshLifetimeSeconds, owner.userId(), owner.email());
    }

    private static ApiException invalid() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "invalid_token", "The refresh token is invalid or expired.");
    }
}
