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
        assertThat(RequestGuard.instance("/tasks/é")).hasToString("/tasks/%C3%A9");
    }
}
