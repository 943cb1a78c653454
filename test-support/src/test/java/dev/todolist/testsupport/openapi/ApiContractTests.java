package dev.todolist.testsupport.openapi;

import static dev.todolist.testsupport.openapi.Answers.COOKIE;
import static dev.todolist.testsupport.openapi.Answers.HTTP_VERSION_NOT_SUPPORTED;
import static dev.todolist.testsupport.openapi.Answers.METHOD_NOT_ALLOWED;
import static dev.todolist.testsupport.openapi.Answers.MISSING_TOKEN;
import static dev.todolist.testsupport.openapi.Answers.NO_ROUTE;
import static dev.todolist.testsupport.openapi.Answers.RATE_LIMITED;
import static dev.todolist.testsupport.openapi.Answers.SIGN_IN_UNAVAILABLE;
import static dev.todolist.testsupport.openapi.Answers.TASK;
import static dev.todolist.testsupport.openapi.Answers.TOKENS;
import static dev.todolist.testsupport.openapi.Answers.URL_TOO_LONG;
import static dev.todolist.testsupport.openapi.Answers.answer;
import static dev.todolist.testsupport.openapi.Answers.headers;
import static dev.todolist.testsupport.openapi.Answers.json;
import static dev.todolist.testsupport.openapi.Answers.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** The validator accepts the answers the stack really gives, and refuses each kind of answer the document lacks. */
class ApiContractTests {

    private static final ApiContract contract = ApiContract.load();

    /** A task's entity tag as todo-core gives it. */
    private static final String ETAG = "\"mGq4Kp1QCvVf5n3bXNz0dw\"";

    @Test
    void aCreatedTaskWithItsLocationIsDescribed() {
        assertThat(contract.problems(json("POST", "/tasks", 201, TASK, "Location", "/tasks/1",
                "ETag", ETAG))).isEmpty();
    }

    @Test
    void aLocationUnderTheGuiProxysPrefixIsDescribed() {
        assertThat(contract.problems(json("POST", "/tasks", 201, TASK, "Location", "/api/tasks/1",
                "ETag", ETAG))).isEmpty();
        assertThat(contract.problems(json("POST", "/tasks", 201, TASK, "Location", "/api/notes/1",
                "ETag", ETAG))).isNotEmpty();
    }

    @Test
    void aListOfTasksIsDescribed() {
        assertThat(contract.problems(json("GET", "/tasks?completed=false&limit=20", 200, "[" + TASK + "]")))
            .isEmpty();
    }

    @Test
    void aLoginWithItsRefreshCookieIsDescribed() {
        assertThat(contract.problems(json("POST", "/auth/login", 200, TOKENS, "Set-Cookie", COOKIE,
                "Cache-Control", "no-store"))).isEmpty();
    }

    @Test
    void aBearerRefusalWithItsChallengeIsDescribed() {
        assertThat(contract.problems(problem("GET", "/tasks", 401, MISSING_TOKEN, "WWW-Authenticate", "Bearer")))
            .isEmpty();
    }

    @Test
    void aBodyWithoutAContentTypeIsNotDescribed() {
        // the validator checks a body against the media type named: without one, anything at all passed it
        for (String body : new String[] { "garbage", TASK }) {
            assertThat(contract.problems(new RecordedExchange("GET", "/tasks/1", new HttpHeaders(), 200,
                    new HttpHeaders(), body.getBytes())))
                .anySatisfy(problem -> assertThat(problem).contains("without a Content-Type"));
        }
        assertThat(contract.problems(new RecordedExchange("DELETE", "/tasks/1", new HttpHeaders(), 204,
                new HttpHeaders(), new byte[0]))).isEmpty();
    }

    @Test
    void anEscapedUnreservedCharacterIsTheCharacterAsTheEdgeRoutesIt() {
        assertThat(ApiContract.withUnreservedDecoded("/auth/%6cogin")).isEqualTo("/auth/login");
        assertThat(ApiContract.withUnreservedDecoded("/tasks/1%2F2%zz%7E%")).isEqualTo("/tasks/1%2F2%zz~%");
        assertThat(contract.problems(problem("POST", "/auth/%6cogin", 429, RATE_LIMITED, "Retry-After", "16")))
            .isEmpty();
    }

    @Test
    void aRequestFromAnOriginThatIsNotAllowedMayBeRefused403OnAnyPath() {
        String refused = "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,\"detail\":\"This "
                + "cross-origin request is not allowed.\",\"instance\":\"/health\",\"error\":\"This cross-origin "
                + "request is not allowed.\",\"code\":\"forbidden\"}";
        HttpHeaders answer = headers(HttpHeaders.CONTENT_TYPE, "application/problem+json");
        RecordedExchange fromOtherOrigin = new RecordedExchange("GET", "/health",
                headers(HttpHeaders.ORIGIN, "http://evil.example"), 403, answer, refused.getBytes());
        assertThat(contract.problems(fromOtherOrigin)).isEmpty();
        assertThat(contract.problems(new RecordedExchange("GET", "/health",
                headers(HttpHeaders.ORIGIN, "http://evil.example"), 403, answer, new byte[0])))
            .anySatisfy(problem -> assertThat(problem).contains("CORS refusal"));
        assertThat(contract.problems(new RecordedExchange("GET", "/health", new HttpHeaders(), 403, answer,
                refused.getBytes()))).as("without Origin, a 403 is the operation's").isNotEmpty();
    }

    @Test
    void anAnswerMarkedAsATestDoublesIsNotChecked() {
        assertThat(contract.problems(json("GET", "/tasks/echo", 200, "{\"ok\":true}"))).isNotEmpty();
        assertThat(contract.problems(json("GET", "/tasks/echo", 200, "{\"ok\":true}", ApiContract.EXEMPT, "a stub")))
            .isEmpty();
    }

    @Test
    void aRateLimitWithRetryAfterIsDescribed() {
        assertThat(contract.problems(problem("POST", "/auth/login", 429, RATE_LIMITED, "Retry-After", "16")))
            .isEmpty();
    }

    @Test
    void aNotFoundOnAnUnknownRouteIsDescribed() {
        assertThat(contract.problems(problem("GET", "/nope", 404, NO_ROUTE))).isEmpty();
    }

    @Test
    void aMethodNotAllowedNamingTheDocumentsMethodsIsDescribed() {
        assertThat(contract.problems(problem("POST", "/tasks/1", 405, METHOD_NOT_ALLOWED, "Allow",
                "DELETE,GET,PUT,PATCH"))).isEmpty();
    }

    @Test
    void aHeadAnswerWithoutBodyIsDescribed() {
        assertThat(contract.problems(answer("HEAD", "/tasks/1", 200, headers("Content-Type", "application/json",
                "Content-Length", "123", "ETag", ETAG), ""))).isEmpty();
    }

    @Test
    void anAcceptedPreflightIsDescribed() {
        assertThat(contract.problems(answer("OPTIONS", "/tasks", 200, headers("Access-Control-Allow-Origin",
                "http://localhost:3000", "Access-Control-Allow-Methods", "GET,POST,PUT,PATCH,DELETE,OPTIONS",
                "Access-Control-Allow-Credentials", "true", "Access-Control-Max-Age", "3600"), ""))).isEmpty();
    }

    @Test
    void aUrlTooLongIsDescribedOnAnyPathWhateverTheMethod() {
        assertThat(contract.problems(problem("GET", "/" + "a".repeat(5000), 414, URL_TOO_LONG))).isEmpty();
        assertThat(contract.problems(problem("DELETE", "/tasks/1", 414, URL_TOO_LONG))).isEmpty();
        assertThat(contract.problems(problem("GET", "/tasks", 414, URL_TOO_LONG.replace("request_too_large",
                "not_found")))).anySatisfy(problem -> assertThat(problem).contains("RequestTooLarge"));
    }

    @Test
    void anotherHttpThanOneIsDescribedOnAnyPathWhateverTheMethod() {
        assertThat(contract.problems(problem("GET", "/tasks", 505, HTTP_VERSION_NOT_SUPPORTED))).isEmpty();
        assertThat(contract.problems(problem("POST", "/no-such-route", 505, HTTP_VERSION_NOT_SUPPORTED))).isEmpty();
        assertThat(contract.problems(problem("GET", "/tasks", 505, HTTP_VERSION_NOT_SUPPORTED
            .replace("http_version_not_supported", "invalid_request"))))
            .anySatisfy(problem -> assertThat(problem).contains("HttpVersionNotSupported"));
    }

    @Test
    void anEdgeThatCannotSignInMustSayWhenToRetry() {
        assertThat(contract.problems(problem("POST", "/auth/login", 503, SIGN_IN_UNAVAILABLE, "Retry-After", "5")))
            .isEmpty();
        assertThat(contract.problems(problem("POST", "/auth/login", 503, SIGN_IN_UNAVAILABLE)))
            .anySatisfy(problem -> assertThat(problem).contains("Retry-After"));
    }

    @Test
    void tooManyOfAUsersRequestsInFlightIsDescribedForTheTasks() {
        String inFlight = RATE_LIMITED.replace("/auth/login", "/tasks/1");
        assertThat(contract.problems(problem("GET", "/tasks/1", 429, inFlight, "Retry-After", "1"))).isEmpty();
        assertThat(contract.problems(answer("HEAD", "/tasks/1", 429, headers("Retry-After", "1"), ""))).isEmpty();
    }

    @Test
    void anUndocumentedStatusIsRefusedWithTheStatusAndThePath() {
        assertThat(contract.problems(problem("GET", "/tasks/1", 409, """
                {"type":"about:blank","title":"Conflict","status":409,"detail":"x","instance":"/tasks/1",\
                "error":"x","code":"email_taken"}""")))
            .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
            .contains("409", "/tasks/{id}", "validation.response.status.unknown");
    }

    @Test
    void aTaskWithoutARequiredFieldIsRefused() {
        String withoutId = TASK.replace("\"id\":1,", "");
        assertThat(contract.problems(json("GET", "/tasks/1", 200, withoutId))).anySatisfy(
                problem -> assertThat(problem).contains("id").contains("validation.response.body.schema"));
    }

    @Test
    void aTaskThatLeaksAnUndocumentedFieldIsRefused() {
        String leaking = TASK.replace("{", "{\"user_id\":7,");
        assertThat(contract.problems(json("GET", "/tasks/1", 200, leaking)))
            .anySatisfy(problem -> assertThat(problem).contains("user_id"));
    }

    @Test
    void aTaskWithAFieldOfTheWrongTypeIsRefused() {
        String stringly = TASK.replace("\"completed\":false", "\"completed\":\"false\"");
        assertThat(contract.problems(json("GET", "/tasks/1", 200, stringly)))
            .anySatisfy(problem -> assertThat(problem).contains("completed").contains("boolean"));
    }

    @Test
    void aTimeThatIsNotWholeSecondsUtcIsRefused() {
        String local = TASK.replace("\"created_at\":\"2026-11-30T19:12:18Z\"",
                "\"created_at\":\"2026-11-30T20:12:18.123+01:00\"");
        assertThat(contract.problems(json("GET", "/tasks/1", 200, local)))
            .anySatisfy(problem -> assertThat(problem).contains("created_at"));
    }

    @Test
    void aBearerRefusalWithoutItsChallengeIsRefused() {
        assertThat(contract.problems(problem("GET", "/tasks", 401, MISSING_TOKEN)))
            .anySatisfy(problem -> assertThat(problem).contains("WWW-Authenticate")
                .contains("validation.response.header.missing"));
    }

    @Test
    void aRateLimitWithoutRetryAfterIsRefused() {
        assertThat(contract.problems(problem("POST", "/auth/login", 429, RATE_LIMITED)))
            .anySatisfy(problem -> assertThat(problem).contains("Retry-After"));
    }

    @Test
    void aCreatedTaskWithoutLocationIsRefused() {
        assertThat(contract.problems(json("POST", "/tasks", 201, TASK)))
            .anySatisfy(problem -> assertThat(problem).contains("Location"));
    }

    @Test
    void aLoginWithoutItsRefreshCookieIsRefused() {
        assertThat(contract.problems(json("POST", "/auth/login", 200, TOKENS, "Cache-Control", "no-store")))
            .anySatisfy(problem -> assertThat(problem).contains("Set-Cookie"));
    }

    @Test
    void aProblemCodeTheStatusDoesNotListIsRefused() {
        String notFoundCode = MISSING_TOKEN.replace("\"code\":\"missing_token\"", "\"code\":\"not_found\"");
        assertThat(contract.problems(problem("GET", "/tasks", 401, notFoundCode, "WWW-Authenticate", "Bearer")))
            .anySatisfy(problem -> assertThat(problem).contains("code"));
    }

    @Test
    void aProblemWhoseStatusMemberDiffersFromTheHttpStatusIsRefused() {
        String wrongStatus = MISSING_TOKEN.replace("\"status\":401", "\"status\":403");
        assertThat(contract.problems(problem("GET", "/tasks", 401, wrongStatus, "WWW-Authenticate", "Bearer")))
            .anySatisfy(problem -> assertThat(problem).contains("status"));
    }

    @Test
    void aProblemWithoutInstanceIsRefused() {
        String withoutInstance = MISSING_TOKEN.replace("\"instance\":\"/tasks\",", "");
        assertThat(contract.problems(problem("GET", "/tasks", 401, withoutInstance, "WWW-Authenticate", "Bearer")))
            .anySatisfy(problem -> assertThat(problem).contains("instance"));
    }

    @Test
    void anErrorAnsweredAsPlainJsonIsRefused() {
        assertThat(contract.problems(json("GET", "/tasks", 401, MISSING_TOKEN, "WWW-Authenticate", "Bearer")))
            .anySatisfy(problem -> assertThat(problem).contains("application/json")
                .contains("validation.response.contentType.notAllowed"));
    }

    @Test
    void anAnswerOnARouteTheDocumentLacksIsRefused() {
        assertThat(contract.problems(answer("GET", "/actuator/info", 200,
                headers("Content-Type", "application/vnd.spring-boot.actuator.v3+json"), "{}")))
            .first(org.assertj.core.api.InstanceOfAssertFactories.STRING)
            .contains("/actuator/info is on no path of the document", "route the document lacks");
    }

    @Test
    void aTrailingSlashIsAnotherRoute() {
        assertThat(contract.problems(json("GET", "/tasks/", 200, "[]"))).isNotEmpty();
        assertThat(contract.problems(problem("GET", "/tasks/", 404, NO_ROUTE.replace("/nope", "/tasks/"))))
            .isEmpty();
    }

    @Test
    void aMethodThePathDoesNotOfferAnsweredWithSuccessIsRefused() {
        assertThat(contract.problems(json("POST", "/tasks/1", 200, TASK)))
            .first(org.assertj.core.api.InstanceOfAssertFactories.STRING)
            .contains("does not offer POST", "405");
    }

    @Test
    void aMethodNotAllowedWithoutAllowIsRefused() {
        assertThat(contract.problems(problem("POST", "/tasks/1", 405, METHOD_NOT_ALLOWED)))
            .anySatisfy(problem -> assertThat(problem).contains("Allow"));
    }

    @Test
    void anAllowThatDisagreesWithTheDocumentIsRefused() {
        assertThat(contract.problems(problem("POST", "/tasks/1", 405, METHOD_NOT_ALLOWED, "Allow", "GET,TRACE")))
            .anySatisfy(problem -> assertThat(problem).contains("lacks [DELETE, PATCH, PUT]"))
            .anySatisfy(problem -> assertThat(problem).contains("names [TRACE]"));
    }

    @Test
    void aRejectedPreflightWithoutAProblemBodyIsRefused() {
        assertThat(contract.problems(answer("OPTIONS", "/tasks", 403, headers("Content-Length", "0"), "")))
            .first(org.assertj.core.api.InstanceOfAssertFactories.STRING)
            .contains("CORS preflight");
    }

    @Test
    void theFailureNamesTheExchangeEveryProblemAndTheAnswer() {
        RecordedExchange leaking = json("GET", "/tasks/1", 200, TASK.replace("{", "{\"user_id\":7,"));
        assertThatThrownBy(() -> contract.check(leaking)).isInstanceOf(AssertionError.class)
            .hasMessageStartingWith("GET /tasks/1 was answered 200, which openapi/todo-platform.yaml does not "
                    + "describe:")
            .hasMessageContaining("user_id")
            .hasMessageContaining("the answer's body: {\"user_id\":7,");
    }

    @Test
    void aDescribedAnswerPassesTheCheckQuietly() {
        contract.check(json("GET", "/health", 200, "{\"status\":\"ok\"}"));
    }

    @Test
    void headerNamesAreMatchedWhateverTheirCase() {
        HttpHeaders lower = headers("content-type", "application/problem+json", "www-authenticate", "Bearer");
        assertThat(contract.problems(answer("GET", "/tasks", 401, lower, MISSING_TOKEN))).isEmpty();
    }
}
