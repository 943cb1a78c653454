package dev.todolist.edge.auth;

import java.time.Clock;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;

import dev.todolist.edge.proxy.ProxyRoutes;
import dev.todolist.edge.web.ProblemResponses;
import reactor.core.publisher.Mono;

/**
 * Stateless bearer-token security. Only the proxied routes and {@code /auth/logout} need an access token, and only
 * there is an {@code Authorization} header read: register, login, refresh, health and unknown routes ignore it
 * (the GUI sends {@code Bearer null}). Tokens are HS256 JWTs checked by Spring Security's Nimbus decoder, then
 * against the Redis blacklist.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** No per-filter observations on the hot path (they cost more than the checks they observe). */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Spring Security's strict firewall (normalized paths only: no {@code ..}, encoded slashes, semicolons...), with
     * header checks done by a character loop instead of its per-header Unicode regexes: same rule (no control
     * characters), a tenth of the CPU.
     */
    @Bean
    ServerWebExchangeFirewall firewall() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowedHeaderNames(SecurityConfiguration::hasNoControlCharacters);
        firewall.setAllowedHeaderValues(SecurityConfiguration::hasNoControlCharacters);
        firewall.setAllowedParameterNames(SecurityConfiguration::hasNoControlCharacters);
        firewall.setAllowedParameterValues(SecurityConfiguration::hasNoControlCharacters);
        return firewall;
    }

    @Bean
    ServerExchangeRejectedHandler rejectedExchangeHandler() {
        return (exchange, rejected) -> ProblemResponses.write(exchange, HttpStatus.BAD_REQUEST, "invalid_request",
                "The request URL or a header is not acceptable.");
    }

    static boolean hasNoControlCharacters(String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
                return false;
            }
        }
        return true;
    }

    @Bean
    BlacklistingJwtDecoder jwtDecoder(AuthProperties properties, TokenBlacklist blacklist, Clock clock) {
        NimbusReactiveJwtDecoder nimbus = NimbusReactiveJwtDecoder
            .withSecretKey(new SecretKeySpec(properties.secretBytes(), "HmacSHA256"))
            .macAlgorithm(MacAlgorithm.HS256)
            .build();
        nimbus.setJwtValidator(new TokenClaimsValidator(clock));
        return new BlacklistingJwtDecoder(nimbus, blacklist, clock);
    }

    @Bean
    SecurityWebFilterChain edgeSecurity(ServerHttpSecurity http, ReactiveJwtDecoder jwtDecoder, ProxyRoutes routes) {
        ServerWebExchangeMatcher needsToken = exchange -> {
            String path = exchange.getRequest().getPath().value();
            return routes.matches(path) || path.equals("/auth/logout") ? MatchResult.match() : MatchResult.notMatch();
        };
        ServerBearerTokenAuthenticationConverter bearer = new ServerBearerTokenAuthenticationConverter();
        BearerProblemResponder responder = new BearerProblemResponder();
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
            .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
            .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
            .logout(ServerHttpSecurity.LogoutSpec::disable)
            .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
            .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
            .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
            .cors(Customizer.withDefaults())
            .headers(headers -> headers.frameOptions(ServerHttpSecurity.HeaderSpec.FrameOptionsSpec::disable)
                .xssProtection(ServerHttpSecurity.HeaderSpec.XssProtectionSpec::disable))
            .authorizeExchange(exchanges -> exchanges.matchers(needsToken).authenticated().anyExchange().permitAll())
            .oauth2ResourceServer(resourceServer -> resourceServer
                .bearerTokenConverter(exchange -> needsToken.matches(exchange)
                    .flatMap(match -> match.isMatch() ? bearer.convert(exchange) : Mono.empty()))
                .authenticationEntryPoint(responder)
                .authenticationFailureHandler(responder)
                .accessDeniedHandler((exchange, denied) -> ProblemResponses.write(exchange, HttpStatus.FORBIDDEN,
                        "forbidden", "Access denied."))
                .jwt(jwt -> jwt.jwtDecoder(jwtDecoder)
                    .jwtAuthenticationConverter(token -> Mono
                        .just(new JwtAuthenticationToken(token, List.of(), token.getSubject())))))
            .exceptionHandling(handling -> handling.authenticationEntryPoint(responder))
            .build();
    }
}
