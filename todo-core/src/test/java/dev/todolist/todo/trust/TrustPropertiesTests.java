package dev.todolist.todo.trust;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;

import dev.todolist.todo.TodoCoreApplication;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without the internal credential todo-core would trust nobody or everybody: it refuses to start instead. */
class TrustPropertiesTests {

    @ParameterizedTest
    @ValueSource(strings = { "", "   " })
    void startupWithoutInternalTokenFailsNamingTheVariable(String token) {
        SpringApplication application = new SpringApplication(TodoCoreApplication.class);

        assertThatThrownBy(() -> application.run("--todo.trust.internal-token=" + token, "--server.port=0",
                "--spring.r2dbc.url=r2dbc:mysql://127.0.0.1:1/none", "--spring.r2dbc.username=nobody"))
            .hasStackTraceContaining("todo.trust.internal-token")
            .hasStackTraceContaining("must be set: define INTERNAL_TOKEN");
    }

    /** It travels as an HTTP header and as gRPC metadata to the notifier: anything but visible ASCII is mangled. */
    @ParameterizedTest
    @ValueSource(strings = { "internal-token-\u00e9t\u00e9", "internal token", "internal-token-\uD83D\uDE00" })
    void startupWithATokenHeadersWouldMangleFailsSayingWhy(String token) {
        SpringApplication application = new SpringApplication(TodoCoreApplication.class);

        assertThatThrownBy(() -> application.run("--todo.trust.internal-token=" + token, "--server.port=0",
                "--spring.r2dbc.url=r2dbc:mysql://127.0.0.1:1/none", "--spring.r2dbc.username=nobody"))
            .hasStackTraceContaining("INTERNAL_TOKEN may hold only visible ASCII characters (! to ~)");
    }
}
