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
}
