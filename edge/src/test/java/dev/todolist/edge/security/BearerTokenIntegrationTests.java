package dev.todolist.edge.security;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.TestTokens;
import dev.todolist.edge.TodoCoreProcess;
import dev.todolist.testsupport.TestDatabase;

import static dev.todolist.testsupport.ProblemAssertions.MAP;
import static dev.todolist.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The contract's token table: what /tasks answers for every kind of missing, forged or revoked bearer token. */
class BearerTokenIntegrationTests extends EdgeIntegrationTest {

    static final TestDatabase db = TestDatabase.create(BearerTokenIntegrationTests.class);

    static final TodoCoreProcess core = TodoCoreProcess.start(db, TestTokens.INTERNAL_TOKEN,
            BearerTokenIntegrationTests.class);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EdgeSettings.register(registry, BearerTokenIntegrationTests.class, db, core.url());
    }

    @AfterAll
    static void stopCore() {
        core.close();
    }

    static Stream<Arguments> forgedTokens() {
        Instant later = Instant.now().plusSeconds(600);
        return Stream.of(
                Arguments.of("alg none", "Bearer " + TestTokens.unsigned(1), "invalid_token"),
                Arguments.of("wrong key", "Bearer " + TestTokens.sign(TestTokens.claims(1, later).build(),
                        "another-secret-that-is-long-enough-0123456789", JWSAlgorithm.HS256), "invalid_token"),
                Arguments.of("tampered payload", "Bearer " + TestTokens.tampered(1, 2), "invalid_token"),
                Arguments.of("HS512 with the right key", "Bearer " + TestTokens.sign(TestTokens.claims(1, later).build(),
                        TestTokens.SECRET + TestTokens.SECRET, JWSAlgorithm.HS512), "invalid_token"),
                Arguments.of("expired", "Bearer " + TestTokens.sign(
                        TestTokens.claims(1, Instant.now().minusSeconds(1)).build(), TestTokens.SECRET,
                        JWSAlgorithm.HS256), "token_expired"),
                Arguments.of("no sid", "Bearer " + TestTokens.sign(new JWTClaimsSet.Builder(
                        TestTokens.claims(1, later).build()).claim("sid", null).build(), TestTokens.SECRET,
                        JWSAlgorithm.HS256), "invalid_token"),
                Arguments.of("no exp", "Bearer " + TestTokens.sign(new JWTClaimsSet.Builder(
                        TestTokens.claims(1, later).build()).expirationTime(null).build(), TestTokens.SECRET,
                        JWSAlgorithm.HS256), "invalid_token"),
                Arguments.of("no jti", "Bearer " + TestTokens.sign(new JWTClaimsSet.Builder(
                        TestTokens.claims(1, later).build()).jwtID(null).build(), TestTokens.SECRET,
                        JWSAlgorithm.HS256), "invalid_token"),
                Arguments.of("issued in the future", "Bearer " + TestTokens.sign(new JWTClaimsSet.Builder(
                        TestTokens.claims(1, later).build()).issueTime(java.util.Date.from(Instant.now().plusSeconds(300)))
                        .build(), TestTokens.SECRET, JWSAlgorithm.HS256), "invalid_token"),
                Arguments.of("not before a time to come", "Bearer " + TestTokens.sign(new JWTClaimsSet.Builder(
                        TestTokens.claims(1, later).build()).notBeforeTime(java.util.Date.from(Instant.now()
                            .plusSeconds(300))).build(), TestTokens.SECRET, JWSAlgorithm.HS256), "invalid_token"),
                Arguments.of("empty jti", "Bearer " + TestTokens.sign(new JWTClaimsSet.Builder(
                        TestTokens.claims(1, later).build()).jwtID("").build(), TestTokens.SECRET,
                        JWSAlgorithm.HS256), "invalid_token"),
                Arguments.of("empty sid", "Bearer " + TestTokens.sign(new JWTClaimsSet.Builder(
                        TestTokens.claims(1, later).build()).claim("sid", "").build(), TestTokens.SECRET,
                        JWSAlgorithm.HS256), "invalid_token"),
                Arguments.of("blank jti", "Bearer " + TestTokens.sign(new JWTClaimsSet.Builder(
                        TestTokens.claims(1, later).build()).jwtID(" ").build(), TestTokens.SECRET,
                        JWSAlgorithm.HS256), "invalid_token"),
                Arguments.of("numeric sid", "Bearer " + TestTokens.sign(new JWTClaimsSet.Builder(
                        TestTokens.claims(1, later).build()).claim("sid", 123).build(), TestTokens.SECRET,
                        JWSAlgorithm.HS256), "invalid_token"),
                Arguments.of("non-numeric sub", "Bearer " + TestTokens.sign(new JWTClaimsSet.Builder(
                        TestTokens.claims(1, later).build()).subject("admin").build(), TestTokens.SECRET,
                        JWSAlgorithm.HS256), "invalid_token"),
                // another spelling of a valid token: Nimbus decoded these leniently and let them through
                Arguments.of("padded", "Bearer " + TestTokens.valid(1) + "=", "invalid_token"),
                Arguments.of("spare bits set", "Bearer " + TestTokens.respelled(TestTokens.valid(1), 1),
                        "invalid_token"),
                Arguments.of("garbage", "Bearer garbage", "invalid_token"),
                Arguments.of("null", "Bearer null", "invalid_token"),
                Arguments.of("three dots", "Bearer a.b.c", "invalid_token"),
                Arguments.of("Bearer without token", "Bearer", "invalid_token"),
                Arguments.of("wrong scheme", "Basic dXNlcjpwYXNz", "missing_token"),
                Arguments.of("no header", null, "missing_token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedTokens")
    void tasksRefuseForgedAndMalformedTokens(String name, String authorization, String code) {
        WebTestClient.ResponseSpec response = http.get().uri("/tasks").headers(h -> {
            if (authorization != null) {
                h.set(HttpHeaders.AUTHORIZATION, authorization);
            }
        }).exchange();
        response.expectStatus().isUnauthorized()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.code").isEqualTo(code).jsonPath("$.status").isEqualTo(401);
        String challenge = response.returnResult(byte[].class).getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE);
        if (code.equals("missing_token")) {
            assertThat(challenge).isEqualTo("Bearer");
        }
        else {
            assertThat(challenge).startsWith("Bearer error=\"invalid_token\"");
        }
    }

    @Test
    void aValidTokenReachesTodoCore() {
        long user = registerAndGetId();
        http.get().uri("/tasks").headers(h -> h.setBearerAuth(TestTokens.valid(user))).exchange()
            .expectStatus().isOk().expectBody().json("[]");
    }

    @Test
    void aRevokedTokenIsRefusedWithTokenRevoked() {
        String email = "revoked-" + System.nanoTime() + "@example.com";
        http.post().uri("/auth/register").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", email, "password", "correct horse")).exchange().expectStatus().isCreated();
        String access = (String) http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", email, "password", "correct horse")).exchange().expectStatus().isOk()
            .expectBody(MAP).returnResult().getResponseBody().get("access_token");
        http.post().uri("/auth/logout").headers(h -> h.setBearerAuth(access)).exchange().expectStatus().isOk();
        http.get().uri("/tasks").headers(h -> h.setBearerAuth(access)).exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer error=\"invalid_token\", error_description=\"The access token was revoked.\"")
            .expectBody().jsonPath("$.code").isEqualTo("token_revoked");
    }

    private long registerAndGetId() {
        return ((Number) http.post().uri("/auth/register").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", "valid-" + System.nanoTime() + "@example.com", "password", "correct horse"))
            .exchange().expectStatus().isCreated().expectBody(MAP).returnResult()
            .getResponseBody().get("user_id")).longValue();
    }

    @Test
    void twoAuthorizationHeadersAre400NotTheFirstWins() {
        String token = TestTokens.valid(registerAndGetId());
        expectProblem(http.get().uri("/tasks").header(HttpHeaders.AUTHORIZATION, "Bearer " + token, "Bearer " + token)
            .exchange(), 400, "invalid_request");
        expectProblem(http.post().uri("/auth/logout")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token, "Bearer garbage").exchange(), 400, "invalid_request");
    }

    @Test
    void logoutWithAnExpiredTokenIs401TokenExpired() {
        String expired = TestTokens.sign(TestTokens.claims(registerAndGetId(), Instant.now().minusSeconds(1)).build(),
                TestTokens.SECRET, JWSAlgorithm.HS256);
        expectProblem(http.post().uri("/auth/logout").headers(h -> h.setBearerAuth(expired)).exchange(), 401,
                "token_expired");
    }
}
