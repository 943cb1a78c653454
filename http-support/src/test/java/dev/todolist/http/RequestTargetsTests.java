package dev.todolist.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTargetsTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ' ', value = {
            "/tasks /tasks",
            "/tasks/12?completed=true&limit=5 /tasks/12?completed=true&limit=5",
            "/auth/%6cogin /auth/login",
            "/auth/%6Cogout /auth/logout",
            "/%74asks/%31 /tasks/1",
            "/tasks/%7e /tasks/~",
            "/tasks/%e2%82%ac /tasks/%E2%82%AC",
            "/tasks/%E2%82%AC /tasks/%E2%82%AC",
            "/tasks/a%20b /tasks/a%20b",
            "/tasks/ /tasks/",
            "/ /",
            "/tasks?q=%zz-no-wait /tasks?q=%zz-no-wait" })
    void putsPathsIntoOneForm(String target, String expected) {
        if (expected.contains("%zz")) {
            assertThat(RequestTargets.normalize(target).refusal()).isNotNull();
            return;
        }
        RequestTargets.Result result = RequestTargets.normalize(target);
        assertThat(result.refusal()).isNull();
        assertThat(result.target()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "tasks", "*", "http://evil.example/tasks", "/tasks/%zz", "/tasks/%4", "/tasks/%",
            "/tasks/1%2F2", "/tasks/1%2f2", "/tasks/%5C", "/tasks/%25", "/tasks/%3B", "/tasks/%00", "/tasks/%0a",
            "/tasks/./1", "/tasks/../auth/login", "/tasks/%2e%2e/auth", "/tasks/%2E/1", "/tasks//1", "//tasks",
            "/tasks;jsessionid=1", "/tasks/1;x", "/tasks/\\1", "/tasks/<script>", "/tasks/{1}", "/tasks/\"",
            "/tasks/é", "/tasks?q=%zz", "/tasks?q=<x>", "/tasks?q=a b", "/tasks#frag" })
    void refusesWhatDifferentLayersWouldReadDifferently(String target) {
        RequestTargets.Result result = RequestTargets.normalize(target);
        assertThat(result.target()).isNull();
        assertThat(result.refusal()).isNotBlank();
    }
}
