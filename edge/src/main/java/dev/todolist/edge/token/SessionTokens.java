package dev.todolist.edge.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

import dev.todolist.edge.observability.EdgeMetrics;
import dev.todolist.edge.token.SessionStore.Held;
import dev.todolist.edge.token.SessionStore.Owner;
import dev.todolist.edge.token.SessionStore.Rotation;
import dev.todolist.http.ApiException;
import reactor.core.publisher.Flux;
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

    private final Duration refreshLifetime;

    private final Duration sessionMaxLifetime;

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
        this.refreshLifetime = properties.refreshTokenTtl();
        this.sessionMaxLifetime = properties.refreshTokenMaxLifetime();
    }

    /** A new login's pair, minted within the revocation epoch Redis holds (begun now if Redis lost it). */
    public Mono<TokenPair> open(long userId, String email) {
        return epochs.current(null).then(Mono.defer(() -> {
            Instant now = clock.instant();
            RefreshToken first = RefreshToken.of(random.next(RefreshToken.SESSION_ID_BYTES),
                    random.next(RefreshToken.SECRET_BYTES));
            Owner owner = new Owner(userId, email);
            return store.start(owner, first, now)
                .then(Mono.fromSupplier(() -> pair(owner, first, random.next(16), now, now)));
        }));
    }

    /**
     * The next pair for the refresh tokens a request carried (its {@code refresh_token} cookies); a 401
     * {@link ApiException} for a token that is unknown, expired, revoked or reused.
     * <p>
     * A browser sends every cookie of that name it holds for the path, the most specific path first, and a page of
     * another site on the same host can plant one (cookies are not separated by port, nor always between sibling
     * subdomains). With several, the one a rotation would accept is used, whatever its place: a planted junk token
     * cannot sign the user out. None is used when the acceptable ones are of different users: a planted token of the
     * planter's own account would otherwise switch the victim's tab into it.
     */
    public Mono<TokenPair> refresh(List<String> presentedTexts) {
        List<String> distinct = presentedTexts.stream().distinct().toList();
        if (distinct.size() == 1) {
            return refresh(distinct.getFirst());
        }
        List<RefreshToken> parsed = distinct.stream().map(RefreshToken::parse).filter(Objects::nonNull).toList();
        return store.live(parsed, clock.instant()).flatMap(live -> {
            if (live.isEmpty()) {
                return Mono.error(invalid());
            }
            if (live.stream().mapToLong(Held::userId).distinct().count() > 1) {
                return Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "invalid_token", "The request carried "
                        + "refresh tokens of different accounts (a cookie set by another site?); none was used."));
            }
            return refresh(live.getFirst().token());
        });
    }

    private Mono<TokenPair> refresh(String presentedText) {
        RefreshToken presented = RefreshToken.parse(presentedText);
        if (presented == null) {
            return Mono.error(invalid());
        }
        return refresh(presented);
    }

    private Mono<TokenPair> refresh(RefreshToken presented) {
        RefreshToken successor = RefreshToken.of(presented.sessionId(),
                random.derive("successor", presented.value(), RefreshToken.SECRET_BYTES));
        return store.rotate(presented, successor, clock.instant()).map(rotation -> refreshed(rotation, presented,
                successor));
    }

    /**
     * Logout: the session of {@code accessToken} ends, and the token itself is revoked, at once; so does the session
     * of each refresh token sent with it ({@code refreshCookies}) that is another live session of the same user (the
     * browser's cookie from a later login than this tab's access token: the cookie is cleared by the answer, and its
     * session must not outlive it). Another user's token is left alone.
     */
    public Mono<Void> close(Jwt accessToken, List<String> refreshCookies) {
        Instant expiresAt = accessToken.getExpiresAt();
        Duration left = expiresAt == null ? Duration.ZERO : Duration.between(clock.instant(), expiresAt);
        String sid = accessToken.getClaimAsString(AccessTokens.SESSION_CLAIM);
        long userId = Long.parseLong(accessToken.getSubject());
        return store.end(sid, userId, accessToken.getId(), left)
            .thenMany(Flux.fromIterable(refreshCookies).distinct().mapNotNull(RefreshToken::parse))
            .filter(held -> !held.sessionId().equals(sid))
            .concatMap(held -> store.endHeld(held, userId))
            .then();
    }

    private TokenPair refreshed(Rotation rotation, RefreshToken presented, RefreshToken successor) {
        return switch (rotation.outcome()) {
            case ROTATED, REPEATED -> pair(rotation.owner(), successor,
                    random.derive("access-token-id", presented.value(), 16), rotation.rotatedAt(),
                    rotation.sessionBorn());
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

    /**
     * The pair, its access token issued at {@code issuedAt}; the refresh cookie lives as long as the token may be used:
     * {@code REFRESH_TOKEN_TTL}, or what is left of the session's {@code REFRESH_TOKEN_MAX_LIFETIME} if less.
     */
    private TokenPair pair(Owner owner, RefreshToken refresh, String accessTokenId, Instant issuedAt,
            Instant sessionBorn) {
        AccessTokens.Issued access = accessTokens.mint(owner.userId(), refresh.sessionId(), accessTokenId, issuedAt);
        Instant now = clock.instant();
        // a pair given again within the reuse grace was minted at the rotation: its expires_in is what is left of it
        long age = Math.max(0, Duration.between(issuedAt, now).toSeconds());
        Duration sessionLeft = Duration.between(now, sessionBorn.plus(sessionMaxLifetime));
        long refreshSeconds = Math.max(0, Math.min(refreshLifetime.toSeconds(), sessionLeft.toSeconds()));
        return new TokenPair(access.token(), Math.max(0, access.expiresInSeconds() - age), refresh.value(),
                refreshSeconds, owner.userId(), owner.email());
    }

    private static ApiException invalid() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "invalid_token", "The refresh token is invalid or expired.");
    }
}
