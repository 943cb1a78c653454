package dev.todolist.edge.web;

/**
 * The order of the edge's web filters and exception handler, in one place. CORS comes first, so that every answer
 * carries its headers; the proxied routes are answered next, with the same token checks as the security chain but
 * without its other filters; Spring Security's chain ({@code WebFilterChainProxy}) serves the edge's own routes;
 * the auth routes' rate limit runs after it.
 */
public final class FilterOrder {

    /** CORS, first: every answer to an allowed origin carries its headers, whoever writes it. */
    public static final int CORS = -300;

    /** The proxied routes: authenticated and forwarded without the general security chain. */
    public static final int PROXY = -200;

    /** Spring Security's {@code WebFilterChainProxy} (WebFluxSecurityConfiguration.WEB_FILTER_CHAIN_FILTER_ORDER). */
    public static final int SECURITY = -100;

    /** The auth routes' rate limits. */
    public static final int RATE_LIMIT = 0;

    /** Before Boot's own error handler (-1). */
    public static final int EXCEPTION_HANDLER = -2;

    private FilterOrder() {
    }
}
