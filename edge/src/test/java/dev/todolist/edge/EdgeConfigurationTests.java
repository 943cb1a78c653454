package dev.todolist.edge;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The edge refuses to start without its secrets, and says why. */
class EdgeConfigurationTests {

    private static void start(String... args) {
        SpringApplication application = new SpringApplication(EdgeApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args).close();
    }

    @Test
    void refusesToStartWithoutJwtSecret() {
        assertThatThrownBy(() -> start("--MYSQL_USER=root", "--INTERNAL_TOKEN=" + TestTokens.INTERNAL_TOKEN, "--JWT_SECRET="))
            .hasStackTraceContaining("JWT_SECRET must be set to a secret of at least 32 bytes");
    }

    @Test
    void refusesToStartWithAShortJwtSecret() {
        assertThatThrownBy(() -> start("--MYSQL_USER=root", "--INTERNAL_TOKEN=" + TestTokens.INTERNAL_TOKEN, "--JWT_SECRET=0123456789abcdef0123456789abcde"))
            .hasStackTraceContaining("JWT_SECRET must be set to a secret of at least 32 bytes");
    }

    @Test
    void refusesToStartWithoutInternalToken() {
        assertThatThrownBy(() -> start("--MYSQL_USER=root", "--INTERNAL_TOKEN=", "--JWT_SECRET=" + TestTokens.SECRET))
            .hasStackTraceContaining("INTERNAL_TOKEN must be set to a secret of at least 32 bytes");
    }

    @Test
    void refusesToStartWithAShortInternalToken() {
        assertThatThrownBy(() -> start("--MYSQL_USER=root", "--INTERNAL_TOKEN=0123456789abcdef0123456789abcde",
                "--JWT_SECRET=" + TestTokens.SECRET))
            .hasStackTraceContaining("INTERNAL_TOKEN must be set to a secret of at least 32 bytes");
    }

    /** It travels as an HTTP header and as gRPC metadata: anything but visible ASCII arrives as something else. */
    @Test
    void refusesToStartWithAnInternalTokenThatHeadersWouldMangle() {
        assertThatThrownBy(() -> start("--MYSQL_USER=root", "--INTERNAL_TOKEN=" + TestTokens.INTERNAL_TOKEN + "\u00e9",
                "--JWT_SECRET=" + TestTokens.SECRET))
            .hasStackTraceContaining("INTERNAL_TOKEN may hold only visible ASCII characters (! to ~)")
            .hasStackTraceContaining("U+00E9 at character " + (TestTokens.INTERNAL_TOKEN.length() + 1));
        assertThatThrownBy(() -> start("--MYSQL_USER=root", "--INTERNAL_TOKEN=" + TestTokens.INTERNAL_TOKEN + " x",
                "--JWT_SECRET=" + TestTokens.SECRET))
            .hasStackTraceContaining("U+0020 at character");
    }

    /** Zero would switch a timeout off: a hung Redis or todo-core would hang every request instead of a 503 or 504. */
    @Test
    void refusesToStartWithATimeoutOfZero() {
        for (String timeout : new String[] { "REDIS_TIMEOUT", "REDIS_CONNECT_TIMEOUT", "PROXY_CONNECT_TIMEOUT",
                "PROXY_RESPONSE_TIMEOUT", "PROXY_BODY_IDLE_TIMEOUT", "PROXY_POOL_ACQUIRE_TIMEOUT" }) {
            assertThatThrownBy(() -> start("--MYSQL_USER=root", "--INTERNAL_TOKEN=" + TestTokens.INTERNAL_TOKEN,
                    "--JWT_SECRET=" + TestTokens.SECRET, "--" + timeout + "=0s"))
                .hasStackTraceContaining(timeout + " must be at least 1ms, not PT0S");
        }
    }

    /** Spring accepts them at start and then answers every request with an Origin with a 500. */
    @Test
    void refusesToStartWithAWildcardOrAMalformedCorsOrigin() {
        for (String origins : new String[] { "*", "http://localhost:3000,*", "http://localhost:3000/", "localhost:3000",
                "https://*.example.com" }) {
            assertThatThrownBy(() -> start("--MYSQL_USER=root", "--INTERNAL_TOKEN=" + TestTokens.INTERNAL_TOKEN,
                    "--JWT_SECRET=" + TestTokens.SECRET, "--CORS_ALLOWED_ORIGINS=" + origins))
                .hasStackTraceContaining("CORS_ALLOWED_ORIGINS must list origins exactly");
        }
    }
}
