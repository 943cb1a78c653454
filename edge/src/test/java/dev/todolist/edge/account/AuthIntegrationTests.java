package dev.todolist.edge.account;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.TodoCoreProcess;
import dev.todolist.edge.TestTokens;
import dev.todolist.testsupport.TestDatabase;

import static dev.todolist.testsupport.ProblemAssertions.MAP;
import static dev.todolist.testsupport.ProblemAssertions.expectProblem;

import static org.assertj.core.api.Assertions.assertThat;

/** Every row of the contract's authentication table, through real HTTP, in front of the real todo-core. */
class AuthIntegrationTests extends EdgeIntegrationTest {

    static final TestDatabase db = TestDatabase.create(AuthIntegrationTests.class);

    static final TodoCoreProcess core = TodoCoreProcess.start(db, TestTokens.INTERNAL_TOKEN, AuthIntegrationTests.class);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, AuthIntegrationTests.class, db, core.url());
        // reuse is reuse at once here; the grace window has tests of its own
        registry.add("REFRESH_REUSE_GRACE", () -> "0s");
    }

    @AfterAll
    static void stopCore() {
        core.close();
    }

    private static String unique(String name) {
        return name + "-" + System.nanoTime() + "@example.com";
    }

    private WebTestClient.ResponseSpec post(String path, Object body) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private Map<String, Object> register(String email, String password) {
        return post("/auth/register", Map.of("email", email, "password", password)).expectStatus()
            .isCreated()
            .expectBody(MAP)
            .returnResult()
            .getResponseBody();
    }

    private EntityExchangeResult<Map<String, Object>> login(String email, String password) {
        return post("/auth/login", Map.of("email", email, "password", password)).expectStatus()
            .isOk()
            .expectBody(MAP)
            .returnResult();
    }

    private static String refreshCookie(EntityExchangeResult<?> result) {
        ResponseCookie cookie = result.getResponseCookies().getFirst("refresh_token");
        assertThat(cookie).isNotNull();
        return cookie.getValue();
    }

    @Test
    void registerAnswers201WithTheIdAndTheNormalizedEmail() {
        String email = unique("Ada");
        Map<String, Object> body = register("  " + email.toUpperCase() + " ", "correct horse");
        assertThat(body).containsEntry("email", email.toLowerCase());
        assertThat(((Number) body.get("user_id")).longValue()).isPositive();
    }

    @Test
    void registerTwiceIs409EvenWithOtherCaseAndSpaces() {
        String email = unique("twice");
        register(email, "correct horse");
        expectProblem(post("/auth/register", Map.of("email", " " + email.toUpperCase(), "password", "another one")),
                409, "email_taken");
    }

    @Test
    void registerRefusesInvalidEmailsAndPasswords() {
        for (String email : new String[] { "", "plain", "a@b", "@example.com", "a b@example.com",
                "x".repeat(250) + "@example.com" }) {
            expectProblem(post("/auth/register", Map.of("email", email, "password", "correct horse")), 400,
                    "validation_failed");
        }
        expectProblem(post("/auth/register", Map.of("email", unique("short"), "password", "1234567")), 400,
                "validation_failed");
        expectProblem(post("/auth/register", Map.of("email", unique("long"), "password", "x".repeat(73))), 400,
                "validation_failed");
        // 72 bytes is the limit even when that is fewer characters
        expectProblem(post("/auth/register", Map.of("email", unique("multibyte"), "password", "é".repeat(37))), 400,
                "validation_failed");
        register(unique("exactly72"), "x".repeat(72));
        register(unique("exactly8"), "12345678");
    }

    @Test
    void anEmailWithACharacterThatLowerCasesToAsciiIsRefusedNotRewritten() {
        // the Kelvin sign (U+212A) and the dotted capital I (U+0130) lower-case to ASCII k and i (with a dot above)
        String local = unique("kelvin").split("@")[0];
        for (String email : new String[] { "\u212a" + local + "@example.com", local + "\u212a@example.com",
                "\u0130" + local + "@example.com" }) {
            expectProblem(post("/auth/register", Map.of("email", email, "password", "correct horse")), 400,
                    "validation_failed");
        }
        // nothing was registered under the ASCII spelling, and the Kelvin spelling does not log into it
        register("k" + local + "@example.com", "correct horse");
        expectProblem(post("/auth/login", Map.of("email", "\u212a" + local + "@example.com", "password",
                "correct horse")), 401, "invalid_credentials");
    }

    @Test
    void aPasswordWithALoneSurrogateIsNoPasswordAndMatchesNone() {
        // JSON can spell a lone UTF-16 surrogate; UTF-8 has no bytes for it, and Java's encoder writes it as '?'
        String body = "{\"email\":\"%s\",\"password\":\"\\ud800correct horse\"}";
        String refused = unique("surrogate");
        expectProblem(http.post().uri("/auth/register").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body.formatted(refused)).exchange(), 400, "validation_failed")
            .jsonPath("$.detail").isEqualTo("password must be valid Unicode text.");
        // nothing was registered: the address is still free
        register(refused, "correct horse");

        // an account whose password is what the surrogate would have been hashed as
        String email = unique("question-mark");
        register(email, "?correct horse");
        expectProblem(http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body.formatted(email)).exchange(), 401, "invalid_credentials");
        login(email, "?correct horse");
    }

    @Test
    void aPasswordWithANulIsRefusedAtRegistration() {
        // bcrypt's key ends with a NUL and repeats to 72 bytes: "\0" x 8 was the same password as "\0" x 72, and
        // P the same as P\0P
        String body = "{\"email\":\"%s\",\"password\":\"%s\"}";
        for (String password : new String[] { "\\u0000".repeat(8), "correct\\u0000horse", "correct horse\\u0000" }) {
            String email = unique("nul");
            expectProblem(http.post().uri("/auth/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.formatted(email, password)).exchange(), 400, "validation_failed")
                .jsonPath("$.detail").isEqualTo("password must not contain the NUL character (U+0000).");
            register(email, "correct horse");
        }
    }

    @Test
    void registerAndLoginRefuseMalformedBodies() {
        expectProblem(http.post().uri("/auth/register").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"email\":").exchange(),
                400, "malformed_json");
        expectProblem(http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON).bodyValue("[]").exchange(),
                400, "malformed_json");
        expectProblem(http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON).exchange(), 400,
                "malformed_json");
        expectProblem(post("/auth/login", Map.of("email", "x@example.com")), 400, "malformed_json");
        expectProblem(http.post().uri("/auth/login").contentType(MediaType.TEXT_PLAIN).bodyValue("hello").exchange(),
                415, "unsupported_media_type");
    }

    /** As todo-core's task routes: Spring's JSON decoder also took application/vnd.foo+json, problem+json and so on. */
    @Test
    void registerAndLoginTakeApplicationJsonOnly() {
        String body = "{\"email\":\"" + unique("media") + "\",\"password\":\"correct horse\"}";
        for (String type : List.of("application/vnd.foo+json", "application/problem+json",
                "application/json-patch+json")) {
            for (String route : List.of("/auth/register", "/auth/login")) {
                expectProblem(http.post().uri(route).header(HttpHeaders.CONTENT_TYPE, type).bodyValue(body).exchange(),
                        415, "unsupported_media_type");
            }
        }
        http.post().uri("/auth/register").header(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
            .bodyValue(body).exchange().expectStatus().isCreated();
    }

    @Test
    void wrongJsonTypesAndRepeatedMembersAreRefusedNotConverted() {
        String email = unique("types");
        String password = "password must be a string.";
        String address = "email must be a string.";
        Map<String, String> details = new LinkedHashMap<>();
        details.put("{\"email\":\"" + email + "\",\"password\":12345678}", password);
        details.put("{\"email\":\"" + email + "\",\"password\":123456789.5}", password);
        details.put("{\"email\":\"" + email + "\",\"password\":true}", password);
        details.put("{\"email\":12345678,\"password\":\"long enough\"}", address);
        details.put("{\"email\":[\"" + email + "\"],\"password\":\"long enough\"}", address);
        details.put("{\"email\":\"other@example.com\",\"password\":\"long enough\",\"email\":\"" + email + "\"}",
                "The request body is not a JSON object of the expected shape.");
        // valid JSON past the reader's limits, in a member that would be ignored
        String limits = "The request body is past a limit of the JSON reader: member names of at most 50000 "
                + "characters, numbers of at most 1000 digits, at most 500 levels of nesting.";
        String credentials = "\"email\":\"" + email + "\",\"password\":\"long enough\"";
        details.put("{\"" + "k".repeat(50_001) + "\":1," + credentials + "}", limits);
        details.put("{\"n\":" + "9".repeat(1001) + "," + credentials + "}", limits);
        details.put("{\"a\":" + "[".repeat(500) + "]".repeat(500) + "," + credentials + "}", limits);
        details.forEach((body, detail) -> {
            expectProblem(http.post().uri("/auth/register").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange(), 400, "malformed_json").jsonPath("$.detail").isEqualTo(detail);
            expectProblem(http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange(), 400, "malformed_json").jsonPath("$.detail").isEqualTo(detail);
        });
        // nothing was registered: the address is still free
        register(email, "12345678");
    }

    @Test
    void loginAnswersTheContractBodyAndARefreshCookie() {
        String email = unique("login");
        long id = ((Number) register(email, "correct horse").get("user_id")).longValue();
        EntityExchangeResult<Map<String, Object>> result = post("/auth/login",
                Map.of("email", " " + email.toUpperCase() + " ", "password", "correct horse"))
            .expectStatus()
            .isOk()
            .expectBody(MAP)
            .returnResult();
        Map<String, Object> body = result.getResponseBody();
        assertThat(body.get("access_token")).isInstanceOf(String.class).isEqualTo(body.get("token"));
        assertThat(body).containsEntry("token_type", "Bearer").containsEntry("expires_in", 900);
        assertThat(body.get("user")).isEqualTo(Map.of("id", (int) id, "email", email));
        String setCookie = result.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE);
        assertThat(setCookie).startsWith("refresh_token=")
            .contains("HttpOnly")
            .contains("SameSite=Lax")
            .contains("Path=/auth")
            .doesNotContain("Secure");
        // the access token works on /tasks
        http.get().uri("/tasks").headers(h -> h.setBearerAuth((String) body.get("access_token"))).exchange()
            .expectStatus().isOk();
    }

    @Test
    void authRoutesIgnoreAnAuthorizationHeader() {
        String email = unique("bearer-null");
        http.post().uri("/auth/register").header(HttpHeaders.AUTHORIZATION, "Bearer null")
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", email, "password", "correct horse"))
            .exchange().expectStatus().isCreated();
        EntityExchangeResult<byte[]> login = http.post().uri("/auth/login").header(HttpHeaders.AUTHORIZATION, "Bearer null")
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", email, "password", "correct horse"))
            .exchange().expectStatus().isOk().expectBody().returnResult();
        http.post().uri("/auth/refresh").header(HttpHeaders.AUTHORIZATION, "Bearer garbage")
            .cookie("refresh_token", refreshCookie(login))
            .exchange().expectStatus().isOk();
    }

    @Test
    void unknownEmailAndWrongPasswordGetTheSameAnswerInAboutTheSameTime() {
        String email = unique("timing");
        register(email, "correct horse");
        for (int i = 0; i < 3; i++) { // warm up
            post("/auth/login", Map.of("email", email, "password", "wrong password")).expectStatus().isUnauthorized();
            post("/auth/login", Map.of("email", unique("nobody"), "password", "wrong password")).expectStatus().isUnauthorized();
        }
        long wrong = 0;
        long unknown = 0;
        String wrongBody = null;
        String unknownBody = null;
        for (int i = 0; i < 8; i++) {
            long start = System.nanoTime();
            wrongBody = new String(post("/auth/login", Map.of("email", email, "password", "wrong password"))
                .expectStatus().isUnauthorized().expectBody().returnResult().getResponseBody());
            wrong += System.nanoTime() - start;
            start = System.nanoTime();
            unknownBody = new String(post("/auth/login", Map.of("email", unique("nobody"), "password", "wrong password"))
                .expectStatus().isUnauthorized().expectBody().returnResult().getResponseBody());
            unknown += System.nanoTime() - start;
        }
        assertThat(unknownBody).isEqualTo(wrongBody).contains("\"code\":\"invalid_credentials\"");
        double ratio = (double) unknown / wrong;
        assertThat(ratio).as("unknown/wrong login time").isBetween(0.5, 2.0);
    }

    @Test
    void refreshRotatesTheTokenAndTheOldOneIsDead() {
        String email = unique("rotate");
        register(email, "correct horse");
        String first = refreshCookie(login(email, "correct horse"));
        EntityExchangeResult<Map<String, Object>> refreshed = http.post().uri("/auth/refresh").cookie("refresh_token", first)
            .exchange().expectStatus().isOk().expectBody(MAP).returnResult();
        Map<String, Object> body = refreshed.getResponseBody();
        assertThat(body).containsKeys("access_token", "token", "token_type", "expires_in", "user");
        String second = refreshCookie(refreshed);
        assertThat(second).isNotEqualTo(first);
        http.get().uri("/tasks").headers(h -> h.setBearerAuth((String) body.get("access_token"))).exchange()
            .expectStatus().isOk();
        // a third use of the next token still works
        http.post().uri("/auth/refresh").cookie("refresh_token", second).exchange().expectStatus().isOk();
    }

    @Test
    void reusingARotatedRefreshTokenRevokesTheWholeLoginButNotOtherLogins() {
        String email = unique("reuse");
        register(email, "correct horse");
        EntityExchangeResult<Map<String, Object>> victim = login(email, "correct horse");
        EntityExchangeResult<Map<String, Object>> otherLogin = login(email, "correct horse");
        String stolen = refreshCookie(victim);
        EntityExchangeResult<Map<String, Object>> rotated = http.post().uri("/auth/refresh").cookie("refresh_token", stolen)
            .exchange().expectStatus().isOk().expectBody(MAP).returnResult();
        String rotatedAccess = (String) rotated.getResponseBody().get("access_token");
        String rotatedRefresh = refreshCookie(rotated);

        WebTestClient.ResponseSpec reuse = http.post().uri("/auth/refresh").cookie("refresh_token", stolen).exchange();
        reuse.expectCookie().maxAge("refresh_token", Duration.ZERO).expectCookie().valueEquals("refresh_token", "")
            .expectCookie().path("refresh_token", "/auth");
        expectProblem(reuse, 401, "token_revoked");

        // the family is gone: its newest refresh token, its access tokens old and new
        expectProblem(http.post().uri("/auth/refresh").cookie("refresh_token", rotatedRefresh).exchange(), 401,
                "token_revoked");
        expectProblem(http.get().uri("/tasks").headers(h -> h.setBearerAuth(rotatedAccess)).exchange(), 401,
                "token_revoked");
        expectProblem(http.get().uri("/tasks")
            .headers(h -> h.setBearerAuth((String) victim.getResponseBody().get("access_token"))).exchange(), 401,
                "token_revoked");
        // the other login of the same user is untouched
        http.get().uri("/tasks").headers(h -> h.setBearerAuth((String) otherLogin.getResponseBody().get("access_token")))
            .exchange().expectStatus().isOk();
        http.post().uri("/auth/refresh").cookie("refresh_token", refreshCookie(otherLogin)).exchange().expectStatus().isOk();
    }

    @Test
    void refreshWithoutOrWithAnUnknownCookieIs401() {
        expectProblem(http.post().uri("/auth/refresh").exchange(), 401, "missing_token");
        WebTestClient.ResponseSpec unknown = http.post().uri("/auth/refresh").cookie("refresh_token", "not-a-token")
            .exchange();
        unknown.expectCookie().maxAge("refresh_token", Duration.ZERO);
        expectProblem(unknown, 401, "invalid_token");
    }

    @Test
    void logoutRevokesTheAccessAndRefreshTokensAtOnceAndClearsTheCookie() {
        String email = unique("logout");
        register(email, "correct horse");
        EntityExchangeResult<Map<String, Object>> session = login(email, "correct horse");
        String access = (String) session.getResponseBody().get("access_token");
        String refresh = refreshCookie(session);
        EntityExchangeResult<byte[]> logout = http.post().uri("/auth/logout").headers(h -> h.setBearerAuth(access))
            .contentType(MediaType.APPLICATION_JSON).cookie("refresh_token", refresh)
            .exchange().expectStatus().isOk().expectBody().jsonPath("$.message").isNotEmpty().returnResult();
        ResponseCookie cleared = logout.getResponseCookies().getFirst("refresh_token");
        assertThat(cleared).isNotNull();
        assertThat(cleared.getValue()).isEmpty();
        assertThat(cleared.getMaxAge()).isZero();
        assertThat(cleared.getPath()).isEqualTo("/auth");

        expectProblem(http.get().uri("/tasks").headers(h -> h.setBearerAuth(access)).exchange(), 401, "token_revoked");
        http.post().uri("/auth/refresh").cookie("refresh_token", refresh).exchange().expectStatus().isUnauthorized();
        expectProblem(http.post().uri("/auth/logout").headers(h -> h.setBearerAuth(access)).exchange(), 401,
                "token_revoked");
    }

    /**
     * A browser whose cookie is from a later login than the access token of the tab that logs out (two tabs, each
     * logged in): the answer clears the cookie, so its session ends too. Another user's cookie, or a token its
     * session never issued, ends nothing (a sid is no secret: it is in every access token).
     */
    @Test
    void logoutAlsoEndsTheSessionOfTheRefreshCookieSentWithItWhenItIsTheCallersOwn() {
        String email = unique("tabs");
        register(email, "correct horse");
        String firstTab = (String) login(email, "correct horse").getResponseBody().get("access_token");
        EntityExchangeResult<Map<String, Object>> secondLogin = login(email, "correct horse");
        String secondTab = (String) secondLogin.getResponseBody().get("access_token");
        String cookie = refreshCookie(secondLogin);
        String other = unique("other");
        register(other, "correct horse");
        EntityExchangeResult<Map<String, Object>> otherLogin = login(other, "correct horse");
        String othersCookie = refreshCookie(otherLogin);
        String madeUp = cookie.substring(0, cookie.indexOf('.') + 1) + "A".repeat(43);
        String thirdTab = (String) login(email, "correct horse").getResponseBody().get("access_token");

        for (String notEnded : List.of(othersCookie, madeUp)) {
            String tab = (String) login(email, "correct horse").getResponseBody().get("access_token");
            http.post().uri("/auth/logout").headers(h -> h.setBearerAuth(tab)).cookie("refresh_token", notEnded)
                .exchange().expectStatus().isOk();
        }
        http.get().uri("/tasks/0").headers(h -> h.setBearerAuth(secondTab)).exchange()
            .expectStatus().value(status -> assertThat(status).as("a made-up token of its sid ends nothing")
                .isNotEqualTo(401));
        http.post().uri("/auth/refresh").cookie("refresh_token", othersCookie).exchange().expectStatus().isOk();

        http.post().uri("/auth/logout").headers(h -> h.setBearerAuth(firstTab)).cookie("refresh_token", cookie)
            .exchange().expectStatus().isOk();

        expectProblem(http.get().uri("/tasks/0").headers(h -> h.setBearerAuth(firstTab)).exchange(), 401,
                "token_revoked");
        expectProblem(http.get().uri("/tasks/0").headers(h -> h.setBearerAuth(secondTab)).exchange(), 401,
                "token_revoked");
        expectProblem(http.post().uri("/auth/refresh").cookie("refresh_token", cookie).exchange(), 401,
                "token_revoked");
        http.get().uri("/tasks/0").headers(h -> h.setBearerAuth(thirdTab)).exchange()
            .expectStatus().value(status -> assertThat(status).as("a login whose token was not sent is kept")
                .isNotEqualTo(401));
    }

    @Test
    void logoutWithoutAValidAccessTokenIs401() {
        expectProblem(http.post().uri("/auth/logout").exchange(), 401, "missing_token");
        expectProblem(http.post().uri("/auth/logout").header(HttpHeaders.AUTHORIZATION, "Bearer null").exchange(), 401,
                "invalid_token");
    }

    @Test
    void wrongMethodOnAnAuthRouteIs405() {
        http.get().uri("/auth/login").exchange().expectStatus().isEqualTo(405).expectHeader().valueEquals("Allow", "POST")
            .expectBody().jsonPath("$.code").isEqualTo("method_not_allowed");
    }
}
