package dev.todolist.edge.security;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.header.HttpHeaderWriterWebFilter;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;

import dev.todolist.http.HeaderValues;
import dev.todolist.http.ProblemResponses;
import reactor.core.publisher.Mono;

/**
 * Stateless bearer-token security for the edge's own routes (the proxied ones answer before this chain, with the
 * same checks: {@link BearerAuthenticator}). Only {@code POST /auth/logout}, the notification routes and
 * {@code GET /events} need an access token here, and only there is an {@code Authorization} header read: register, login, refresh, health and unknown routes ignore it
 * (the GUI sends {@code Bearer null}). CORS is the edge-wide filter's (see {@code CorsPolicyConfiguration}); the
 * security headers are {@link SecurityHeaders}, the same as on proxied answers.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    /** No per-filter observations on the hot path (they cost more than the checks they observe). */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Spring Security's strict firewall (normalized paths only: no {@code ..}, encoded slashes, semicolons...), with
     * header checks done by a character loop instead of its per-header Unicode regexes: same rule (no control
     * characters), a tenth of the CPU. The request-line guard refuses most of this before any filter runs. Any
     * method passes it: the routes answer one they do not serve with {@code 405} and {@code Allow} (an unknown path
     * with {@code 404}), as the API document has it, where the firewall's own list made {@code TRACE} a {@code 400}.
     * No route echoes a request, and the proxied paths never reach this chain.
     */
    @Bean
    ServerWebExchangeFirewall firewall() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setUnsafeAllowAnyHttpMethod(true);
        firewall.setAllowedHeaderNames(HeaderValues::hasNoControlCharacters);
        firewall.setAllowedHeaderValues(HeaderValues::hasNoControlCharacters);
        firewall.setAllowedParameterNames(HeaderValues::hasNoControlCharacters);
        firewall.setAllowedParameterValues(HeaderValues::hasNoControlCharacters);
        return firewall;
    }

    @Bean
    ServerExchangeRejectedHandler rejectedExchangeHandler(ProblemResponses problems) {
        return (exchange, rejected) -> problems.write(exchange, HttpStatus.BAD_REQUEST, "invalid_request",
                "The request URL or a header is not acceptable.");
    }

    /** Spring Security's resource-server authentication over the edge's decoder, for the chain and the proxy. */
    @Bean
    ReactiveAuthenticationManager bearerAuthenticationManager(ReactiveJwtDecoder jwtDecoder) {
        JwtReactiveAuthenticationManager manager = new JwtReactiveAuthenticationManager(jwtDecoder);
        manager.setJwtAuthenticationConverter(
                jwt -> Mono.just(new JwtAuthenticationToken(jwt, List.of(), jwt.getSubject())));
        return manager;
    }

    @Bean
    SecurityWebFilterChain edgeSecurity(ServerHttpSecurity http, ReactiveAuthenticationManager bearerAuthenticationManager,
            BearerProblemResponder responder, SecurityHeaders securityHeaders, ProblemResponses problems) {
        ServerWebExchangeMatcher needsToken = new OrServerWebExchangeMatcher(
                ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, "/auth/logout"),
                // the feed's routes, not every path under them: an unknown one is 404 with or without a token
                ServerWebExchangeMatchers.pathMatchers("/notifications", "/notifications/unread-count",
                        "/notifications/read"),
                ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, "/events"));
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
            .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
            .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
            .logout(ServerHttpSecurity.LogoutSpec::disable)
            .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
            .cors(ServerHttpSecurity.CorsSpec::disable)
            .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
            .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
            .headers(ServerHttpSecurity.HeaderSpec::disable)
            .addFilterAt(new HttpHeaderWriterWebFilter(securityHeaders), SecurityWebFiltersOrder.HTTP_HEADERS_WRITER)
            .authorizeExchange(exchanges -> exchanges.matchers(needsToken).authenticated().anyExchange().permitAll())
            .oauth2ResourceServer(resourceServer -> resourceServer
                .bearerTokenConverter(exchange -> needsToken.matches(exchange)
                    .flatMap(match -> match.isMatch() ? bearer(exchange) : Mono.empty()))
                .authenticationEntryPoint(responder)
                .authenticationFailureHandler(responder)
                .accessDeniedHandler((exchange, denied) -> problems.write(exchange, HttpStatus.FORBIDDEN,
                        "forbidden", "Access denied."))
                .authenticationManagerResolver(exchange -> Mono.just(bearerAuthenticationManager)))
            .exceptionHandling(handling -> handling.authenticationEntryPoint(responder))
            .build();
    }

    private static Mono<Authentication> bearer(ServerWebExchange exchange) {
        try {
            String token = BearerTokens.resolve(exchange.getRequest());
            return token == null ? Mono.empty() : Mono.just(new BearerTokenAuthenticationToken(token));
        }
        catch (AuthenticationException ex) {
            return Mono.error(ex);
        }
    }
}
