package dev.todolist.edge.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseCookie;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.TestTokens;
import dev.todolist.edge.TodoCoreProcess;
import dev.todolist.testsupport.TestDatabase;
import dev.todolist.testsupport.TestRedis;

import static dev.todolist.testsupport.ProblemAssertions.MAP;
import static dev.todolist.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A login session's life in Redis: two tabs refreshing at once both get the same new pair (within the grace
 * window), a rotated token presented after it is reuse and ends the session; the oldest session goes when a user
 * passes the cap, and only live sessions count; a session ends at its absolute lifetime however often it is
 * refreshed; and one session is one record, however many times it rotates.
 */
class SessionLifecycleIntegrationTests extends EdgeIntegrationTest {

    static final Duration GRACE = Duration.ofSeconds(2);

    static final TestDatabase db = TestDatabase.create(SessionLifecycleIntegrationTests.class);

    static final TodoCoreProcess core = TodoCoreProcess.start(db, TestTokens.INTERNAL_TOKEN,
            SessionLifecycleIntegrationTests.class);

    static String prefix;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        prefix = EdgeSettings.register(registry, SessionLifecycleIntegrationTests.class, db, core.url());
        registry.add("REFRESH_REUSE_GRACE", () -> GRACE.toMillis() + "ms");
        registry.add("MAX_SESSIONS_PER_USER", () -> "3");
        registry.add("REFRESH_TOKEN_MAX_LIFETIME", () -> "6s");
    }

    @AfterAll
    static void stopCore() {
        core.close();
    }

    @Test
    void twoTabsRefreshingTheSameTokenAtOnceBothGetTheSameNewPair() {
        String email = registered("tabs");
        String cookie = cookie(signIn(email));
        CompletableFuture<EntityExchangeResult<Map<String, Object>>> first = CompletableFuture
            .supplyAsync(() -> refresh(cookie));
        CompletableFuture<EntityExchangeResult<Map<String, Object>>> second = CompletableFuture
            .supplyAsync(() -> refresh(cookie));
        EntityExchangeResult<Map<String, Object>> a = first.join();
        EntityExchangeResult<Map<String, Object>> b = second.join();
        assertThat(a.getStatus().value()).isEqualTo(200);
        assertThat(b.getStatus().value()).isEqualTo(200);
        assertThat(cookie(a)).isEqualTo(cookie(b)).isNotEqualTo(cookie);
        assertThat(a.getResponseBody().get("access_token")).isEqualTo(b.getResponseBody().get("access_token"));
        // the session lives on: the new pair works
        http.get().uri("/tasks").headers(h -> h.setBearerAuth((String) a.getResponseBody().get("access_token")))
            .exchange().expectStatus().isOk();
        assertThat(refresh(cookie(a)).getStatus().value()).isEqualTo(200);
    }

    /** It said the whole lifetime again (900 s) of a token minted seconds before. */
    @Test
    void thePairGivenAgainWithinTheGraceSaysWhatIsLeftOfItsAccessToken() throws InterruptedException {
        String cookie = cookie(signIn(registered("grace-expiry")));
        EntityExchangeResult<Map<String, Object>> first = refresh(cookie);
        Thread.sleep(1_200);
        EntityExchangeResult<Map<String, Object>> again = refresh(cookie);
        assertThat(again.getResponseBody().get("access_token")).isEqualTo(first.getResponseBody().get("access_token"));
        long before = ((Number) first.getResponseBody().get("expires_in")).longValue();
        assertThat(((Number) again.getResponseBody().get("expires_in")).longValue()).isLessThan(before)
            .isGreaterThanOrEqualTo(before - 2);
    }

    @Test
    void aRotatedTokenPresentedAfterTheGraceWindowIsReuseAndEndsTheSession() throws InterruptedException {
        String email = registered("late-reuse");
        EntityExchangeResult<Map<String, Object>> login = signIn(email);
        String stolen = cookie(login);
        EntityExchangeResult<Map<String, Object>> rotated = refresh(stolen);
        assertThat(rotated.getStatus().value()).isEqualTo(200);
        Thread.sleep(GRACE.plusMillis(500).toMillis());
        expectProblem(http.post().uri("/auth/refresh").cookie("refresh_token", stolen).exchange(), 401,
                "token_revoked");
        expectProblem(http.post().uri("/auth/refresh").cookie("refresh_token", cookie(rotated)).exchange(), 401,
                "token_revoked");
        expectProblem(http.get().uri("/tasks")
            .headers(h -> h.setBearerAuth((String) rotated.getResponseBody().get("access_token"))).exchange(), 401,
                "token_revoked");
    }

    @Test
    void aTokenRotatedLongBeforeIsReuseToo() {
        String email = registered("old-reuse");
        String first = cookie(signIn(email));
        EntityExchangeResult<Map<String, Object>> second = refresh(first);
        EntityExchangeResult<Map<String, Object>> third = refresh(cookie(second));
        assertThat(third.getStatus().value()).isEqualTo(200);
        // neither the live token nor the one just rotated: the session remembers it issued it
        expectProblem(http.post().uri("/auth/refresh").cookie("refresh_token", first).exchange(), 401,
                "token_revoked");
        expectProblem(http.post().uri("/auth/refresh").cookie("refresh_token", cookie(third)).exchange(), 401,
                "token_revoked");
    }

    @Test
    void aMadeUpTokenWithALiveSessionsIdEndsNothing() {
        // the sid is no secret (it is in every access token): with any secret after it, it used to count as reuse,
        // and end the victim's login
        String email = registered("made-up");
        EntityExchangeResult<Map<String, Object>> login = signIn(email);
        String cookie = cookie(refresh(cookie(signIn(email))));
        String victim = cookie(login);
        for (String token : List.of(victim, cookie)) {
            String sid = token.substring(0, token.indexOf('.'));
            String madeUp = sid + "." + "A".repeat(token.length() - sid.length() - 1);
            expectProblem(http.post().uri("/auth/refresh").cookie("refresh_token", madeUp).exchange(), 401,
                    "invalid_token");
        }
        http.get().uri("/tasks").headers(h -> h.setBearerAuth((String) login.getResponseBody().get("access_token")))
            .exchange().expectStatus().isOk();
        assertThat(refresh(victim).getStatus().value()).isEqualTo(200);
        assertThat(refresh(cookie).getStatus().value()).isEqualTo(200);
    }

    @Test
    void aUserPastTheSessionCapLosesTheOldestSession() {
        String email = registered("cap");
        EntityExchangeResult<Map<String, Object>> oldest = signIn(email);
        EntityExchangeResult<Map<String, Object>> second = signIn(email);
        EntityExchangeResult<Map<String, Object>> third = signIn(email);
        EntityExchangeResult<Map<String, Object>> fourth = signIn(email);
        expectProblem(http.get().uri("/tasks")
            .headers(h -> h.setBearerAuth((String) oldest.getResponseBody().get("access_token"))).exchange(), 401,
                "token_revoked");
        expectProblem(http.post().uri("/auth/refresh").cookie("refresh_token", cookie(oldest)).exchange(), 401,
                "token_revoked");
        for (EntityExchangeResult<Map<String, Object>> kept : List.of(second, third, fourth)) {
            http.get().uri("/tasks").headers(h -> h.setBearerAuth((String) kept.getResponseBody().get("access_token")))
                .exchange().expectStatus().isOk();
        }
    }

    /** It still counted: the next login then ended the oldest live session, a device the user still used. */
    @Test
    void aSessionRevokedByReuseNoLongerCountsAgainstTheCap() {
        String email = registered("cap-after-reuse");
        EntityExchangeResult<Map<String, Object>> oldest = signIn(email);
        String first = cookie(signIn(email));
        EntityExchangeResult<Map<String, Object>> third = signIn(email);
        refresh(cookie(refresh(first)));
        expectProblem(http.post().uri("/auth/refresh").cookie("refresh_token", first).exchange(), 401,
                "token_revoked");
        EntityExchangeResult<Map<String, Object>> fourth = signIn(email);
        for (EntityExchangeResult<Map<String, Object>> live : List.of(oldest, third, fourth)) {
            http.get().uri("/tasks").headers(h -> h.setBearerAuth((String) live.getResponseBody().get("access_token")))
                .exchange().expectStatus().isOk();
            assertThat(refresh(cookie(live)).getStatus().value()).isEqualTo(200);
        }
    }

    /**
     * A page of another site on the same host (another port, a sibling subdomain) can plant a refresh_token cookie
     * under a longer path, which the browser then sends first. The edge read the first one only: a junk one signed
     * the user out (and the refusal's clearing removed the real cookie), a live one of the planter's own account
     * switched the victim's tab into that account.
     */
    @Test
    void aPlantedJunkRefreshCookieSentFirstDoesNotSignTheUserOut() {
        String email = registered("planted-junk");
        String own = cookie(signIn(email));
        String junk = own.substring(0, own.indexOf('.') + 1) + "A".repeat(43);
        for (String planted : List.of("junk", junk)) {
            EntityExchangeResult<Map<String, Object>> refreshed = http.post().uri("/auth/refresh")
                .cookie("refresh_token", planted).cookie("refresh_token", own).exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult();
            assertThat(((Map<?, ?>) refreshed.getResponseBody().get("user")).get("email")).isEqualTo(email);
            own = cookie(refreshed);
        }
    }

    @Test
    void aPlantedLiveRefreshCookieOfAnotherAccountIsNotUsedAndTheRealOneNotCleared() {
        EntityExchangeResult<Map<String, Object>> victimLogin = signIn(registered("planted-victim"));
        String victim = cookie(victimLogin);
        String planter = cookie(signIn(registered("planter")));
        EntityExchangeResult<byte[]> refused = expectRefused(planter, victim, "invalid_token");
        // only the paths below the edge's own are cleared, where a planted cookie is sent first
        assertThat(refused.getResponseCookies().get("refresh_token")).extracting(ResponseCookie::getPath)
            .containsExactlyInAnyOrder("/auth/", "/auth/refresh");
        assertThat(refresh(victim).getStatus().value()).isEqualTo(200);
        assertThat(refresh(planter).getStatus().value()).isEqualTo(200);
    }

    /** Once the victim's own token had died (expired, logged out), the planter's alone was live, and it was used. */
    @Test
    void aPlantedLiveRefreshCookieIsNotUsedBesideTheVictimsDeadOne() {
        EntityExchangeResult<Map<String, Object>> victimLogin = signIn(registered("dead-victim"));
        String victim = cookie(victimLogin);
        http.post().uri("/auth/logout")
            .headers(h -> h.setBearerAuth((String) victimLogin.getResponseBody().get("access_token"))).exchange()
            .expectStatus().isOk();
        String planter = cookie(signIn(registered("planter-again")));
        expectRefused(planter, victim, "token_revoked");
        assertThat(refresh(planter).getStatus().value()).as("the planter's login was not used").isEqualTo(200);
    }

    /** A junk cookie beside it kept a rotated token from counting as reuse: the thief's login lived on. */
    @Test
    void aRotatedTokenBesideAPlantedCookieIsStillReuse() {
        String stolen = cookie(signIn(registered("reuse-beside-junk")));
        String thief = cookie(refresh(cookie(refresh(stolen))));
        String junk = stolen.substring(0, stolen.indexOf('.') + 1) + "A".repeat(43);
        expectRefused(junk, stolen, "token_revoked");
        expectProblem(http.post().uri("/auth/refresh").cookie("refresh_token", thief).exchange(), 401,
                "token_revoked");
    }

    private EntityExchangeResult<byte[]> expectRefused(String first, String second, String code) {
        EntityExchangeResult<byte[]> refused = http.post().uri("/auth/refresh").cookie("refresh_token", first)
            .cookie("refresh_token", second).exchange().expectStatus().isUnauthorized().expectBody().returnResult();
        assertThat(new String(refused.getResponseBodyContent(), StandardCharsets.UTF_8)).contains(code);
        assertThat(refused.getResponseCookies().getOrDefault("refresh_token", List.of()))
            .as("the edge's own cookie is never cleared when several were sent")
            .noneMatch(cookie -> cookie.getPath().equals("/auth"));
        return refused;
    }

    @Test
    void logoutEndsTheCallersOtherSessionWhicheverOfItsCookiesComesFirst() {
        String email = registered("logout-planted");
        String tab = (String) signIn(email).getResponseBody().get("access_token");
        String later = cookie(signIn(email));
        http.post().uri("/auth/logout").headers(h -> h.setBearerAuth(tab)).cookie("refresh_token", "junk")
            .cookie("refresh_token", later).exchange().expectStatus().isOk();
        expectProblem(http.post().uri("/auth/refresh").cookie("refresh_token", later).exchange(), 401,
                "token_revoked");
    }

    /** It said REFRESH_TOKEN_TTL (7 days) whatever was left of the session's lifetime. */
    @Test
    void theRefreshCookieLivesNoLongerThanItsSession() throws InterruptedException {
        EntityExchangeResult<Map<String, Object>> login = signIn(registered("cookie-life"));
        assertThat(login.getResponseCookies().getFirst("refresh_token").getMaxAge()).isBetween(Duration.ofSeconds(5),
                Duration.ofSeconds(6));
        Thread.sleep(2_000);
        EntityExchangeResult<Map<String, Object>> refreshed = refresh(cookie(login));
        assertThat(refreshed.getResponseCookies().getFirst("refresh_token").getMaxAge())
            .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void aSessionEndsAtItsAbsoluteLifetimeHoweverOftenItIsRefreshed() throws InterruptedException {
        String email = registered("lifetime");
        String cookie = cookie(signIn(email));
        long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        int refreshes = 0;
        while (System.nanoTime() < end - Duration.ofMillis(1500).toNanos()) {
            EntityExchangeResult<Map<String, Object>> next = refresh(cookie);
            assertThat(next.getStatus().value()).isEqualTo(200);
            cookie = cookie(next);
            refreshes++;
            Thread.sleep(1000);
        }
        assertThat(refreshes).isGreaterThanOrEqualTo(3);
        Thread.sleep(Math.max(0, Duration.ofNanos(end - System.nanoTime()).toMillis() + 300));
        expectProblem(http.post().uri("/auth/refresh").cookie("refresh_token", cookie).exchange(), 401,
                "invalid_token");
    }

    @Test
    void aSessionIsOneRecordHoweverOftenItRotates() {
        String email = registered("one-record");
        EntityExchangeResult<Map<String, Object>> login = signIn(email);
        String cookie = cookie(login);
        for (int i = 0; i < 5; i++) {
            cookie = cookie(refresh(cookie));
        }
        String sid = cookie.substring(0, cookie.indexOf('.'));
        long userId = ((Number) ((Map<?, ?>) login.getResponseBody().get("user")).get("id")).longValue();
        RedisClient client = RedisClient.create("redis://" + TestRedis.address());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            Set<String> keys = Set.copyOf(connection.sync().keys(prefix + "*" + sid + "*"));
            assertThat(keys).containsExactly(prefix + "session:" + sid);
            assertThat(connection.sync().hgetall(prefix + "session:" + sid)).containsKeys("uid", "cur", "prev")
                .doesNotContainValue(cookie);
            assertThat(connection.sync().zrange(prefix + "sessions:" + userId, 0, -1)).contains(sid);
        }
        finally {
            client.shutdown(Duration.ofMillis(100), Duration.ofSeconds(2));
        }
    }
}
