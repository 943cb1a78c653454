package dev.todolist.edge.token;

import java.time.Clock;
import java.time.Instant;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The claims an edge access token must carry: a positive numeric {@code sub}, a {@code jti} and a {@code sid}
 * string that are not blank, an {@code exp} in the future (error code {@value #EXPIRED}), and no {@code iat} or
 * {@code nbf} from the future (beyond {@value #CLOCK_SKEW_SECONDS} s of clock skew). This replaces Spring's default
 * validators, so the {@code nbf} rule that theirs had is here too.
 */
public class TokenClaimsValidator implements OAuth2TokenValidator<Jwt> {

    public static final String EXPIRED = "token_expired";

    private static final OAuth2TokenValidatorResult EXPIRED_RESULT = OAuth2TokenValidatorResult
        .failure(new OAuth2Error(EXPIRED, "The access token has expired", null));

    private static final OAuth2TokenValidatorResult INVALID_RESULT = OAuth2TokenValidatorResult
        .failure(new OAuth2Error("invalid_token", "The access token lacks required claims", null));

    private static final long CLOCK_SKEW_SECONDS = 60;

    private final Clock clock;

    TokenClaimsValidator(Clock clock) {
        this.clock = clock;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        Instant now = clock.instant();
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null || isBlank(jwt.getId())
                || !(jwt.getClaims().get(AccessTokens.SESSION_CLAIM) instanceof String sid) || isBlank(sid)
                || !isPositiveNumber(jwt.getSubject())) {
            return INVALID_RESULT;
        }
        Instant latest = now.plusSeconds(CLOCK_SKEW_SECONDS);
        if (isAfter(jwt.getIssuedAt(), latest) || isAfter(jwt.getNotBefore(), latest)) {
            return INVALID_RESULT;
        }
        return now.isBefore(expiresAt) ? OAuth2TokenValidatorResult.success() : EXPIRED_RESULT;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static boolean isAfter(Instant instant, Instant latest) {
        return instant != null && instant.isAfter(latest);
    }

    static boolean isPositiveNumber(String value) {
        if (value == null || value.isEmpty() || value.length() > 19) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        try {
            return Long.parseLong(value) > 0;
        }
        catch (NumberFormatException ex) {
            return false;
        }
    }
}
