package dev.todolist.notifier.trust;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The notifier refuses to start with a credential no caller could send it, and says why. */
class TrustPropertiesTests {

    @ParameterizedTest
    @ValueSource(strings = { "", "   " })
    void aMissingTokenNamesTheVariable(String token) {
        assertThatThrownBy(() -> new TrustProperties(token)).hasMessageContaining("define INTERNAL_TOKEN");
    }

    /** gRPC metadata is ASCII: the callers' token would arrive as something else and every call be refused. */
    @ParameterizedTest
    @ValueSource(strings = { "notifier-token-\u00e9t\u00e9", "notifier token", "notifier-token\t" })
    void aTokenMetadataWouldMangleIsRefused(String token) {
        assertThatThrownBy(() -> new TrustProperties(token))
            .hasMessageStartingWith("INTERNAL_TOKEN may hold only visible ASCII characters (! to ~)");
    }
}
