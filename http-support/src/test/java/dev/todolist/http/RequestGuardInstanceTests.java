package dev.todolist.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every refusal of the guard names the request's path as its problem's {@code instance}, even an unusable one. */
class RequestGuardInstanceTests {

    @Test
    void aPathInNormalFormIsItsOwnInstance() {
        assertThat(RequestGuard.instance("/auth/%6cogin?x=1")).hasToString("/auth/login");
    }

    @Test
    void aPathWithoutNormalFormIsTheSentPathWithWhatAUriMayNotHoldEscaped() {
        assertThat(RequestGuard.instance("/tasks/%zz?completed=1")).hasToString("/tasks/%25zz");
        assertThat(RequestGuard.instance("/tasks/a\"b")).hasToString("/tasks/a%22b");
        assertThat(RequestGuard.instance("/tasks/{1}")).hasToString("/tasks/%7B1%7D");
        assertThat(RequestGuard.instance("/tasks/..%2F..%2Factuator/env")).hasToString("/tasks/..%2F..%2Factuator/env");
    }

    @Test
    void aRawByteOfThePathIsEscapedAsTheByteItWas() {
        // as Netty hands the request line over: one character per byte, so raw UTF-8 é (C3 A9) is "Ã©"
        assertThat(RequestGuard.instance("/tasks/\u00c3\u00a9")).hasToString("/tasks/%C3%A9");
        assertThat(RequestGuard.instance("/t\u00c3\u00a4sks?x=\u00ff")).hasToString("/t%C3%A4sks");
        assertThat(RequestGuard.instance("/tasks/\u00e9")).hasToString("/tasks/%E9"); // a Latin-1 byte sent raw
    }
}
