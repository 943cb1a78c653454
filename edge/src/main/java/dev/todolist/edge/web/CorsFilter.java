package dev.todolist.edge.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.todolist.edge.security.SecurityHeaders;
import dev.todolist.http.ProblemResponses;
import reactor.core.publisher.Mono;

/**
 * Spring's {@link DefaultCorsProcessor} with one policy for every path, as {@code CorsWebFilter} applies it, except
 * that a refused cross-origin request (a preflight, or a request from an origin that is not allowed) is answered
 * like every other error: {@code 403} problem JSON with code {@code forbidden} and the security headers, rather
 * than an empty body; when the origin is allowed (its preflight asked for a method or headers that are not), with
 * the CORS headers as well, and a detail that says so.
 */
class CorsFilter implements WebFilter {

    static final String REFUSED = "This cross-origin request is not allowed.";

    static final String PREFLIGHT_REFUSED = "This cross-origin request's method or headers are not allowed.";

    private final CorsProcessor processor = new DefaultCorsProcessor();

    private final CorsConfiguration policy;

    /** The policy for a {@code HEAD}, which answers like {@code GET}: allowed wherever {@code GET} is. */
    private final CorsConfiguration headPolicy;

    private final ProblemResponses problems;

    private final SecurityHeaders securityHeaders;

    CorsFilter(CorsConfiguration policy, ProblemResponses problems, SecurityHeaders securityHeaders) {
        this.policy = new AllHeadersChecked(policy);
        this.headPolicy = new AllHeadersChecked(policy);
        List<String> methods = new ArrayList<>(Objects.requireNonNullElse(policy.getAllowedMethods(), List.of()));
        if (methods.contains(HttpMethod.GET.name())) {
            methods.add(HttpMethod.HEAD.name());
        }
        this.headPolicy.setAllowedMethods(methods); // a list of its own: the copy shares the policy's
        this.problems = problems;
        this.securityHeaders = securityHeaders;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!processor.process(policyFor(exchange.getRequest()), exchange)) {
            securityHeaders.onCommit(exchange);
            String origin = exchange.getRequest().getHeaders().getOrigin();
            String allowed = origin == null ? null : policy.checkOrigin(origin);
            if (allowed == null) {
                return problems.write(exchange, HttpStatus.FORBIDDEN, "forbidden", REFUSED);
            }
            // an allowed origin's preflight asking for a method or headers the policy does not allow: the answer
            // is the origin's to read, like every other error
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.setAccessControlAllowOrigin(allowed);
            headers.setAccessControlAllowCredentials(true);
            return problems.write(exchange, HttpStatus.FORBIDDEN, "forbidden", PREFLIGHT_REFUSED);
        }
        return CorsUtils.isPreFlightRequest(exchange.getRequest()) ? Mono.empty() : chain.filter(exchange);
    }

    /**
     * The policy with every header a preflight asks for checked: Spring's own accepts the preflight when any one of
     * them is allowed (and names that one), which the browser then refuses; the contract refuses it, as when none is.
     */
    private static final class AllHeadersChecked extends CorsConfiguration {

        AllHeadersChecked(CorsConfiguration policy) {
            super(policy);
        }

        @Override
        public @Nullable List<String> checkHeaders(@Nullable List<String> requested) {
            List<String> allowed = super.checkHeaders(requested);
            return allowed == null || requested == null || allowed.size() < requested.size() ? null : allowed;
        }
    }

    /**
     * The contract's list of methods (what a preflight answers) leaves {@code HEAD} out, and Spring's processor then
     * refuses a {@code HEAD} from an allowed origin, or its preflight (sent when it carries {@code Authorization}).
     */
    private CorsConfiguration policyFor(ServerHttpRequest request) {
        HttpMethod method = CorsUtils.isPreFlightRequest(request)
                ? request.getHeaders().getAccessControlRequestMethod() : request.getMethod();
        return HttpMethod.HEAD.equals(method) ? headPolicy : policy;
    }
}
