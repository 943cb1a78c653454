package dev.todolist.edge.token;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.todolist.edge.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalJwsTests {

    static final String TOKEN = TestTokens.valid(7);

    @Test
    void anIssuedTokenIsCanonical() {
        assertThat(CanonicalJws.isCanonical(TOKEN)).isTrue();
        assertThat(CanonicalJws.isCanonical("eyJhbGciOiJIUzI1NiJ9.e30.AA")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "=", "==" })
    void paddingIsNotCanonical(String padding) {
        assertThat(CanonicalJws.isCanonical(TOKEN + padding)).isFalse();
    }

    @Test
    void spareBitsInTheLastCharacterAreNotCanonical() {
        // 43 characters for HMAC-SHA256's 32 bytes: the last carries 2 spare bits, which decode to the same bytes
        assertThat(TOKEN.substring(TOKEN.lastIndexOf('.') + 1)).hasSize(43);
        assertThat(CanonicalJws.isCanonical(TestTokens.respelled(TOKEN, 1))).isFalse();
        assertThat(CanonicalJws.isCanonical(TestTokens.respelled(TOKEN, 2))).isFalse();
        assertThat(CanonicalJws.isCanonical("eyJhbGciOiJIUzI1NiJ9.e30.AB")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "a.b", "a.b.c.d", "..", "a..c", "eyJhbGciOiJIUzI1NiJ9.e30.A", "a+b.cd.ef", "ab/c.de.fg",
        "ab.cd.e f" })
    void otherShapesAreNotCanonical(String token) {
        assertThat(CanonicalJws.isCanonical(token)).isFalse();
    }
}
