package dev.todolist.edge.events;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import dev.todolist.edge.EdgeIntegrationTest;
import dev.todolist.edge.EdgeSettings;
import dev.todolist.edge.NotifierProcess;
import dev.todolist.edge.TestTokens;
import dev.todolist.edge.TodoCoreProcess;
import dev.todolist.edge.notification.FeedEvents;
import dev.todolist.testsupport.Eventually;
import dev.todolist.testsupport.TestDatabase;
import dev.todolist.testsupport.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /events} through the edge, fed by the real notifier (a process of its own, over gRPC): events as they
 * come, replay after {@code Last-Event-ID}, one user's events only, the ends of a stream (logout, refresh-token
 * reuse, the token's expiry) and its resources (a hang-up releases the notifier call at once; a client that does not
 * read is dropped).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventStreamIntegrationTests extends EdgeIntegrationTest {

    static final Duration SOON = Duration.ofSeconds(5);

    static final Duration QUIET = Duration.ofMillis(700);

    static final TestDatabase db = TestDatabase.create(EventStreamIntegrationTests.class);

    static final NotifierProcess notifier = NotifierProcess.start(db, EventStreamIntegrationTests.class);

    static final FeedEvents events = new FeedEvents(notifier.address());

    static final JsonMapper json = JsonMapper.builder().build();

    static long users = System.nanoTime() % 1_000_000_000L;

    static String prefix;

    @Autowired
    OpenStreams streams;

    @Autowired
    SessionEnds sessionEnds;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        prefix = EdgeSettings.register(registry, EventStreamIntegrationTests.class, db,
                "http://127.0.0.1:" + TodoCoreProcess.freePort());
        registry.add("NOTIFIER_ADDR", notifier::address);
        registry.add("REFRESH_REUSE_GRACE", () -> "100ms");
        // a loaded test machine: no 503 for a notifier that is merely slow to answer
        registry.add("NOTIFIER_DEADLINE", () -> "10s");
        registry.add("EVENTS_BUFFER", () -> "4");
        // the sweep would also end a revoked session's streams: slow here, so that the tests see the Pub/Sub path
        registry.add("EVENTS_SESSION_SWEEP", () -> "60s");
    }

    @AfterAll
    static void stopNotifier() {
        events.close();
        notifier.close();
    }

    @BeforeEach
    void endedSessionsAreHeard() {
        assertThat(eventually(Duration.ofSeconds(30), sessionEnds::listening))
            .as("the edge subscribed to the ended-sessions channel").isTrue();
    }

    static synchronized long newUser() {
        return ++users;
    }

    @Test
    void headIs405WithTheMethodsTheRouteOffers() {
        // HEAD used to reach the GET handler without the token check and end in a 500 (no principal)
        for (String token : new String[] { null, "abc.def.ghi", TestTokens.valid(newUser()) }) {
            http.head().uri("/events").headers(h -> {
                if (token != null) {
                    h.setBearerAuth(token);
                }
            }).exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().valueEquals(HttpHeaders.ALLOW, "GET")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        assertThat(streams.count()).as("no stream opened for a HEAD").isZero();
    }

    @Test
    void anyOtherMethodIs405WithAllowGetAlone() {
        // the HEAD route's refusal once put HEAD into every other method's Allow
        for (HttpMethod method : new HttpMethod[] { HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE }) {
            http.method(method).uri("/events").headers(h -> h.setBearerAuth(TestTokens.valid(newUser()))).exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().valueEquals(HttpHeaders.ALLOW, "GET")
                .expectBody().jsonPath("$.code").isEqualTo("method_not_allowed");
        }
    }

    @Test
    void optionsOffersGetAndNotTheRefusedHead() {
        // WebFlux's own answer said Allow: GET,HEAD,OPTIONS, and HEAD is the 405 above
        for (String token : new String[] { null, TestTokens.valid(newUser()) }) {
            http.options().uri("/events").headers(h -> {
                if (token != null) {
                    h.setBearerAuth(token);
                }
            }).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ALLOW, "GET,OPTIONS")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff");
        }
        assertThat(streams.count()).as("no stream opened for an OPTIONS").isZero();
    }

    @Test
    void anEventArrivesAsItHappensInTheContractsShape() throws Exception {
        long alice = newUser();
        try (EventStreamClient stream = EventStreamClient.open(port, TestTokens.valid(alice))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE));
            // the stream opens with a comment at once: the client knows it is live before any event
            assertThat(stream.nextWithComments(SOON)).isNotNull().matches(EventStreamClient.Event::isComment);

            String id = events.created(alice, 7, "Buy milk");

            EventStreamClient.Event event = stream.next(SOON);
            assertThat(event).isNotNull();
            assertThat(event.id()).isEqualTo(id);
            assertThat(event.event()).isEqualTo("task.created");
            JsonNode data = json.readTree(event.data());
            assertThat(data.propertyNames()).containsExactlyInAnyOrder("notification", "task");
            assertThat(data.get("notification").get("id").asString()).isEqualTo(id);
            assertThat(data.get("notification").get("title").asString()).isEqualTo("Buy milk");
            assertThat(data.get("notification").get("read").asBoolean()).isFalse();
            assertThat(data.get("task").get("id").asLong()).isEqualTo(7);

            events.bulkDeleted(alice, 3);
            EventStreamClient.Event bulk = stream.next(SOON);
            assertThat(bulk).isNotNull();
            assertThat(bulk.event()).isEqualTo("tasks.deleted");
            assertThat(json.readTree(bulk.data()).get("task").isNull()).isTrue();
        }
    }

    @Test
    void aStreamWithoutLastEventIdStartsAfterTheNewestAndOneWithItReplaysWhatCameAfter() {
        long alice = newUser();
        String first = events.created(alice, 1, "one");
        String second = events.created(alice, 2, "two");
        String third = events.created(alice, 3, "three");

        String fourth;
        try (EventStreamClient fresh = EventStreamClient.open(port, TestTokens.valid(alice))) {
            assertThat(fresh.status()).isEqualTo(200);
            assertThat(fresh.next(QUIET)).as("no replay without Last-Event-ID").isNull();
            fourth = events.created(alice, 4, "four");
            assertThat(fresh.next(SOON)).as("the first event is the next one").extracting(EventStreamClient.Event::id)
                .isEqualTo(fourth);
        }
        try (EventStreamClient resumed = EventStreamClient.open(port, TestTokens.valid(alice), first, "")) {
            assertThat(resumed.next(SOON)).extracting(EventStreamClient.Event::id).isEqualTo(second);
            assertThat(resumed.next(SOON)).extracting(EventStreamClient.Event::id).isEqualTo(third);
            assertThat(resumed.next(SOON)).extracting(EventStreamClient.Event::id).isEqualTo(fourth);
            String fifth = events.created(alice, 5, "five");
            assertThat(resumed.next(SOON)).extracting(EventStreamClient.Event::id).isEqualTo(fifth);
        }
        try (EventStreamClient byQuery = EventStreamClient.open(port, TestTokens.valid(alice), null,
                "?last_event_id=" + second)) {
            assertThat(byQuery.next(SOON)).extracting(EventStreamClient.Event::id).isEqualTo(third);
        }
    }

    @Test
    void aMalformedLastEventIdIsABadRequest() {
        try (EventStreamClient stream = EventStreamClient.open(port, TestTokens.valid(newUser()), "no such id", "")) {
            assertThat(stream.status()).isEqualTo(400);
            assertThat(stream.response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        // a name without "=" is an empty id, not none: it used to open a stream from the newest notification
        for (String query : List.of("?last_event_id", "?last_event_id=")) {
            try (EventStreamClient stream = EventStreamClient.open(port, TestTokens.valid(newUser()), null, query)) {
                assertThat(stream.status()).as(query).isEqualTo(400);
            }
        }
    }

    @Test
    void aStreamNeedsAValidToken() {
        try (EventStreamClient stream = EventStreamClient.open(port, "not-a-token")) {
            assertThat(stream.status()).isEqualTo(401);
        }
    }

    @Test
    void eachUserGetsOnlyTheirOwnEvents() {
        long alice = newUser();
        long bob = newUser();
        try (EventStreamClient alices = EventStreamClient.open(port, TestTokens.valid(alice));
                EventStreamClient bobs = EventStreamClient.open(port, TestTokens.valid(bob))) {
            events.created(alice, 1, "alice's");
            String bobsId = events.created(bob, 2, "bob's");

            assertThat(bobs.next(SOON)).extracting(EventStreamClient.Event::id).isEqualTo(bobsId);
            assertThat(bobs.next(QUIET)).isNull();
            assertThat(alices.next(SOON)).extracting(EventStreamClient.Event::data).asString().contains("alice's");
        }
    }

    @Test
    void aStreamEndsWithSessionEndedWhenItsTokenExpires() {
        long alice = newUser();
        String shortLived = TestTokens.sign(TestTokens.claims(alice, Instant.now().plusSeconds(2)).build(),
                TestTokens.SECRET, JWSAlgorithm.HS256);
        try (EventStreamClient stream = EventStreamClient.open(port, shortLived)) {
            assertThat(stream.status()).isEqualTo(200);
            EventStreamClient.Event ended = stream.next(SOON);
            assertThat(ended).isNotNull();
            assertThat(ended.event()).isEqualTo("session_ended");
            assertThat(ended.id()).isNull();
            assertThat(stream.endsWithin(SOON)).isTrue();
        }
    }

    @Test
    void aLogoutEndsEveryStreamOfThatLoginWithinASecondAndNoOther() {
        String email = registered("logout");
        String tabs = accessToken(signIn(email));
        String phone = accessToken(signIn(email));
        long user = userId(tabs);
        try (EventStreamClient tab1 = EventStreamClient.open(port, tabs);
                EventStreamClient tab2 = EventStreamClient.open(port, tabs);
                EventStreamClient other = EventStreamClient.open(port, phone)) {
            assertThat(tab1.status()).isEqualTo(200);
            assertThat(tab2.status()).isEqualTo(200);
            assertThat(other.status()).isEqualTo(200);

            long loggedOut = System.nanoTime();
            http.post().uri("/auth/logout").header(HttpHeaders.AUTHORIZATION, "Bearer " + tabs).exchange()
                .expectStatus().is2xxSuccessful();

            for (EventStreamClient tab : new EventStreamClient[] { tab1, tab2 }) {
                EventStreamClient.Event ended = tab.next(Duration.ofSeconds(1));
                assertThat(ended).isNotNull();
                assertThat(ended.event()).isEqualTo("session_ended");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - loggedOut)).isLessThan(Duration.ofSeconds(1));
            String id = events.created(user, 1, "still live");
            assertThat(other.next(SOON)).extracting(EventStreamClient.Event::id).isEqualTo(id);
        }
    }

    @Test
    void aRefreshTokenReuseEndsTheStreamsOfTheRevokedSession() throws Exception {
        String email = registered("reuse");
        EntityExchangeResult<Map<String, Object>> login = signIn(email);
        String stolen = cookie(login);
        EntityExchangeResult<Map<String, Object>> rotated = refresh(stolen);
        String other = accessToken(signIn(email));
        try (EventStreamClient revoked = EventStreamClient.open(port, accessToken(rotated));
                EventStreamClient kept = EventStreamClient.open(port, other)) {
            assertThat(revoked.status()).isEqualTo(200);
            assertThat(kept.status()).isEqualTo(200);
            Thread.sleep(200); // past the reuse grace

            assertThat(refresh(stolen).getStatus().value()).isEqualTo(401);

            EventStreamClient.Event ended = revoked.next(Duration.ofSeconds(1));
            assertThat(ended).isNotNull();
            assertThat(ended.event()).isEqualTo("session_ended");
            String id = events.created(userId(other), 1, "kept");
            assertThat(kept.next(SOON)).extracting(EventStreamClient.Event::id).isEqualTo(id);
        }
    }

    @Test
    void theSweepEndsTheStreamsOfASessionRevokedWithoutAMessage() {
        long alice = newUser();
        String sid = "swept-" + System.nanoTime();
        String token = TestTokens.sign(TestTokens.claims(alice, Instant.now().plusSeconds(600)).claim("sid", sid).build(),
                TestTokens.SECRET, JWSAlgorithm.HS256);
        try (EventStreamClient stream = EventStreamClient.open(port, token)) {
            assertThat(stream.nextWithComments(SOON)).isNotNull();
            RedisClient client = RedisClient.create("redis://" + TestRedis.address());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().set(prefix + "revoked-sid:" + sid, "1", SetArgs.Builder.px(60_000));
            }
            finally {
                client.shutdown();
            }
            assertThat(stream.next(QUIET)).as("no message was published: the stream stays until a sweep").isNull();

            sessionEnds.sweep().block(SOON);

            assertThat(stream.next(SOON)).extracting(EventStreamClient.Event::event).isEqualTo("session_ended");
        }
    }

    /** Last: a new epoch refuses the tokens the other tests mint, issued 5 s back ({@link TestTokens#claims}). */
    @Test
    @Order(Integer.MAX_VALUE)
    void aRedisThatLostItsDataEndsTheStreamsOfTokensIssuedBeforeAndNoOther() {
        String before = TestTokens.valid(newUser());
        try (EventStreamClient stream = EventStreamClient.open(port, before)) {
            assertThat(stream.nextWithComments(SOON)).isNotNull();
            RedisClient client = RedisClient.create("redis://" + TestRedis.address());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                // what a restart without persistence leaves of the edge's keys: nothing, so no revocation says so
                List<String> keys = connection.sync().keys(prefix + "*");
                assertThat(keys).contains(prefix + "revocation-epoch");
                connection.sync().del(keys.toArray(String[]::new));
            }
            finally {
                client.shutdown();
            }
            assertThat(stream.next(QUIET)).as("nothing ends it but a check").isNull();

            sessionEnds.sweep().block(SOON);

            assertThat(stream.next(SOON)).extracting(EventStreamClient.Event::event).isEqualTo("session_ended");
        }
        // a token of the new epoch (Redis begins it as the sweep finds the old one gone): its stream stays
        String after = TestTokens.sign(TestTokens.claims(newUser(), Instant.now().plusSeconds(600))
            .issueTime(new Date()).build(), TestTokens.SECRET, JWSAlgorithm.HS256);
        try (EventStreamClient stream = EventStreamClient.open(port, after)) {
            assertThat(stream.nextWithComments(SOON)).isNotNull();
            sessionEnds.sweep().block(SOON);
            assertThat(stream.next(QUIET)).isNull();
        }
    }

    @Test
    void aClientThatHangsUpReleasesTheNotifierCallAtOnce() {
        int before = streams.notifierCalls();
        EventStreamClient stream = EventStreamClient.open(port, TestTokens.valid(newUser()));
        assertThat(stream.nextWithComments(SOON)).isNotNull();
        assertThat(eventually(SOON, () -> streams.notifierCalls() == before + 1)).isTrue();

        stream.close();

        assertThat(eventually(Duration.ofSeconds(1), () -> streams.notifierCalls() == before)).isTrue();
    }

    @Test
    void aClientThatStopsReadingIsDroppedNotBufferedWithoutBound() throws IOException {
        long alice = newUser();
        int before = streams.count();
        int callsBefore = streams.notifierCalls();
        try (Socket client = new Socket()) {
            // a client that reads nothing: its small receive buffer fills, then the edge's socket, then the
            // stream's buffer of EVENTS_BUFFER events
            client.setReceiveBufferSize(4096);
            client.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            client.getOutputStream().write(("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + TestTokens.valid(alice) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            assertThat(eventually(SOON, () -> streams.count() == before + 1)).isTrue();
            String big = "{\"id\":1,\"title\":\"" + "x".repeat(16_000) + "\"}";
            int published = 0;
            while (published < 2_000 && streams.count() > before) {
                events.created(alice, 1, "big", big);
                published++;
            }
            assertThat(eventually(SOON, () -> streams.count() == before && streams.notifierCalls() == callsBefore))
                .as("the stream is dropped and its notifier call released (after %d events)", published).isTrue();
            // what was sent before is still readable; then the connection is closed
            client.setSoTimeout(10_000);
            InputStream in = client.getInputStream();
            byte[] chunk = new byte[65536];
            long read = 0;
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                read += n;
            }
            assertThat(published).as("events published before the stream was dropped").isLessThan(2_000);
            assertThat(read).as("what was sent before the drop still arrives (%d events published)", published)
                .isPositive();
        }
    }

    /** Whether {@code condition} holds within {@code wait} (polled every 20 ms). */
    private static boolean eventually(Duration wait, BooleanSupplier condition) {
        return Eventually.holds(wait, Duration.ofMillis(20), condition);
    }

    private static String accessToken(EntityExchangeResult<Map<String, Object>> result) {
        return (String) result.getResponseBody().get("access_token");
    }

    private static long userId(String accessToken) throws IllegalStateException {
        try {
            return Long.parseLong(com.nimbusds.jwt.SignedJWT.parse(accessToken).getJWTClaimsSet().getSubject());
        }
        catch (java.text.ParseException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
