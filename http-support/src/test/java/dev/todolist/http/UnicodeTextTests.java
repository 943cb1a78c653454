package dev.todolist.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class UnicodeTextTests {

    @ParameterizedTest
    @ValueSource(strings = { "", "plain", "é and ü", "an emoji \uD83D\uDE00 in a pair", "\uD83D\uDE00", "\u0000" })
    void textWithOnlyPairedSurrogatesIsWellFormed(String text) {
        assertThat(UnicodeText.isWellFormed(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "\uD800", "a lone high \uD800 inside", "ends high \uD83D", "\uDE00 starts low",
        "reversed \uDE00\uD83D pair", "two highs \uD83D\uD83D\uDE00" })
    void aLoneSurrogateIsNotWellFormed(String text) {
        assertThat(UnicodeText.isWellFormed(text)).isFalse();
    }
}
