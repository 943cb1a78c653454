package dev.todolist.edge.token;

import java.time.Clock;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The one decoder of access tokens, for every route that needs one: Spring Security's Nimbus decoder restricted to
 * HS256 with {@code JWT_SECRET}, the edge's claim rules ({@link TokenClaimsValidator}), then the revocation check.
 */
@Configuration(proxyBeanMethods = false)
class JwtDecoderConfiguration {

    @Bean
    ReactiveJwtDecoder jwtDecoder(TokenProperties properties, Revocations revocations, Clock clock) {
        NimbusReactiveJwtDecoder nimbus = NimbusReactiveJwtDecoder
            .withSecretKey(new SecretKeySpec(properties.secretBytes(), "HmacSHA256"))
            .macAlgorithm(MacAlgorithm.HS256)
            .build();
        nimbus.setJwtValidator(new TokenClaimsValidator(clock));
        return new RevocationCheckingJwtDecoder(nimbus, revocations, clock);
    }
}
