package dev.todolist.edge.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

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

    private static final String REVOKED_CODE = "token_revoked";

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
     * The next pair for the refresh tokens a request carried (its {@code refresh_token} cookies, each value once); a
     * 401 {@link ApiException} for a token that is unknown, expired, revoked or reused.
     * <p>
     * A browser sends every cookie of that name it holds for the path, the most specific path first, and a page of
     * another site on the same host can plant one (cookies are not separated by port, nor always between sibling
     * subdomains); the edge sets only one. So with several, each token that is not live goes through the rotation
     * first, so that a rotated one is reuse and revokes its login as it would alone (a planted cookie beside it must
     * not shield a thief), and a revoked one answers so. Then a live one is used only when the live ones are one
     * user's and every other token names one of their logins (junk that is no token at all is ignored, so it cannot
     * sign the user out): a planted live token of the planter's own account must not move the victim's tab into it,
     * whether the victim's own token is live or has died meanwhile.
     */
    public Mono<TokenPair> refresh(List<String> presentedTexts) {
        if (presentedTexts.size() == 1) {
            return refresh(presentedTexts.getFirst());
        }
        List<RefreshToken> parsed = presentedTexts.stream().map(RefreshToken::parse).filter(Objects::nonNull).toList();
        return store.live(parsed, clock.instant()).flatMap(live -> {
            Set<RefreshToken> liveTokens = live.stream().map(Held::token).collect(Collectors.toSet());
            List<RefreshToken> notLive = parsed.stream().filter(token -> !liveTokens.contains(token)).toList();
            return anyRevoked(notLive).flatMap(revoked -> {
                if (revoked) {
                    return Mono.error(revoked());
                }
                if (live.isEmpty()) {
                    return Mono.error(invalid());
                }
                return oneUsersLogins(live, notLive) ? refresh(live.getFirst().token())
                        : Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "invalid_token", "The request carried "
                                + "refresh tokens that are not all of one user's logins (a cookie set by another "
                                + "site?); none was used."));
            });
        });
    }

    /**
     * Sends each token through the rotation, one after another, as it would go alone (none is live, so none rotates:
     * a rotated one is reuse, and revokes its login); whether any of them was revoked.
     */
    private Mono<Boolean> anyRevoked(List<RefreshToken> tokens) {
        return Flux.fromIterable(tokens)
            .concatMap(token -> refresh(token).thenReturn(false)
                .onErrorResume(ApiException.class, refused -> Mono.just(REVOKED_CODE.equals(refused.code()))))
            .reduce(false, Boolean::logicalOr);
    }

    /** Whether the live tokens are one user's, and every other token names one of their logins. */
    private static boolean oneUsersLogins(List<Held> live, List<RefreshToken> others) {
        Set<String> liveSessions = live.stream().map(held -> held.token().sessionId()).collect(Collectors.toSet());
        return live.stream().mapToLong(Held::userId).distinct().count() == 1
                && others.stream().allMatch(token -> liveSessions.contains(token.sessionId()));
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
     * of each refresh token sent with it ({@code refreshCookies}, each value once) that is another live session of the
     * same user (the browser's cookie from a later login than this tab's access token: the cookie is cleared by the
     * answer, and its session must not outlive it). Another user's token is left alone.
     */
    public Mono<Void> close(Jwt accessToken, List<String> refreshCookies) {
        Instant expiresAt = accessToken.getExpiresAt();
        Duration left = expiresAt == null ? Duration.ZERO : Duration.between(clock.instant(), expiresAt);
        String sid = accessToken.getClaimAsString(AccessTokens.SESSION_CLAIM);
        long userId = Long.parseLong(accessToken.getSubject());
        return store.end(sid, userId, accessToken.getId(), left)
            .thenMany(Flux.fromIterable(refreshCookies).mapNotNull(RefreshToken::parse))
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
        return new ApiException(HttpStatus.UNAUTHORIZED, REVOKED_CODE,
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
