package dev.todolist.edge.token;

import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.TodoCoreProcess;
import dev.todolist.testsupport.TestDatabase;
import dev.todolist.testsupport.TestRedis;

import static dev.todolist.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revocations live only in Redis: when Redis loses its data (a restart without persistence, a flush), a logged-out
 * token must not work again, so every access token issued before the loss is refused, and a new login works. The
 * upstream is a closed port: a token that passes is answered 502 by the proxy, one that does not 401.
 */
class RevocationEpochIntegrationTests extends EdgeIntegrationTest {

    static final TestDatabase db = TestDatabase.create(RevocationEpochIntegrationTests.class);

    static final RedisClient redisClient = RedisClient.create("redis://" + TestRedis.address());

    static final StatefulRedisConnection<String, String> redis = redisClient.connect();

    static String prefix;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        prefix = EdgeSettings.register(registry, RevocationEpochIntegrationTests.class, db,
                "http://127.0.0.1:" + TodoCoreProcess.freePort());
    }

    @AfterAll
    static void closeRedis() {
        redis.close();
        redisClient.shutdown();
    }

    @Test
    void aRedisThatLostItsDataLetsNoTokenIssuedBeforeThrough() throws InterruptedException {
        String loggedOut = accessToken(signIn(registered("logged-out")));
        http.post().uri("/auth/logout").headers(h -> h.setBearerAuth(loggedOut)).exchange().expectStatus().isOk();
        expectRefused(loggedOut);
        String live = accessToken(signIn(registered("live")));
        expectPasses(live);
        Thread.sleep(1100); // the epoch is kept to the second, as iat is

        lose(prefix + "*");

        expectRefused(loggedOut);
        expectRefused(live);
        expectPasses(accessToken(signIn(registered("after-the-loss"))));
    }

    /** The first login after a loss, before any token check, begins the epoch itself: its token is not refused. */
    @Test
    void aLoginAfterALossBeforeAnyCheckGetsATokenThatWorks() throws InterruptedException {
        String before = accessToken(signIn(registered("before-quiet-loss")));
        expectPasses(before);
        Thread.sleep(1100);

        lose(prefix + "*");
        String after = accessToken(signIn(registered("first-after-loss")));
        Thread.sleep(1100); // a check that began the epoch now would refuse a token of the second before

        expectPasses(after);
        expectRefused(before);
    }

    @Test
    void aLostEpochMarkerBeginsANewEpoch() throws InterruptedException {
        String before = accessToken(signIn(registered("marker")));
        expectPasses(before);
        String epoch = redis.sync().get(prefix + "revocation-epoch");
        assertThat(epoch).isNotNull();
        Thread.sleep(1100);

        lose(prefix + "revocation-epoch:*");

        expectRefused(before);
        assertThat(redis.sync().get(prefix + "revocation-epoch")).isNotNull().isNotEqualTo(epoch);
        expectPasses(accessToken(signIn(registered("marker-after"))));
    }

    private static void lose(String pattern) {
        List<String> keys = redis.sync().keys(pattern);
        assertThat(keys).isNotEmpty();
        redis.sync().del(keys.toArray(String[]::new));
    }

    private void expectPasses(String token) {
        expectProblem(http.get().uri("/tasks").headers(h -> h.setBearerAuth(token)).exchange(), 502,
                "upstream_unavailable");
    }

    private void expectRefused(String token) {
        expectProblem(http.get().uri("/tasks").headers(h -> h.setBearerAuth(token)).exchange(), 401,
                "token_revoked");
    }

    private static String accessToken(org.springframework.test.web.reactive.server.EntityExchangeResult<
            java.util.Map<String, Object>> login) {
        return (String) login.getResponseBody().get("access_token");
    }
}
