package dev.todolist.testsupport;

import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What every error of the edge and todo-core looks like to a client: problem JSON with the status, a stable code and sentences. */
public final class ProblemAssertions {

    public static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    private ProblemAssertions() {
    }

    /** Asserts the answer is problem JSON with this status and code; returns the spec for further checks. */
    public static WebTestClient.BodyContentSpec expectProblem(WebTestClient.ResponseSpec response, int status,
            String code) {
        return response.expectStatus()
            .isEqualTo(status)
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.status").isEqualTo(status)
            .jsonPath("$.code").isEqualTo(code)
            .jsonPath("$.type").isEqualTo("about:blank")
            .jsonPath("$.instance").isNotEmpty()
            .jsonPath("$.error").isNotEmpty()
            .jsonPath("$.title").isNotEmpty()
            .jsonPath("$.detail").isNotEmpty();
    }
}
