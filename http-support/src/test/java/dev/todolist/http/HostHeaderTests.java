package dev.todolist.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class HostHeaderTests {

    @ParameterizedTest
    @ValueSource(strings = { "", "x", "localhost:8080", "127.0.0.1:1", "[::1]:8080", "[::1]", "[fe80::1%25eth0]:80",
            "[2001:db8::7]", "todo_core.internal", "xn--bcher-kva.example", "EXAMPLE.COM:443", "a!b", "a%41b", "x:0",
            "x:65535", "x:00080", "a~b-c.d" })
    void hostsAndPortsAreValid(String value) {
        assertThat(HostHeader.isValid(value)).as(value).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "x:", "x:abc", "x:65536", "x:99999", "x:000080", "x:-1", "x:+1", "x:1:2", ":80", "[::1",
            "[::1]x", "[::1]:", "[zz]", "[1.2.3.4]", "[fe80::1%eth0]", "[fe80::1%25]", "::1", "a b", "a/b", "a@b",
            "a?b", "a#b", "a\\b", "a%zzb", "a%4", "ä", "a\tb", "[]" })
    void anythingElseIsNot(String value) {
        assertThat(HostHeader.isValid(value)).as(value).isFalse();
    }
}
