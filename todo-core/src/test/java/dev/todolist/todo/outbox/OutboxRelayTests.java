package dev.todolist.todo.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import dev.todolist.notifier.v1.TaskEvent;
import dev.todolist.testsupport.Eventually;
import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.testsupport.TestDatabase;
import dev.todolist.todo.ApiClient;
import dev.todolist.todo.TestUsers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay against a real gRPC server on a real port ({@link FakeNotifier}): two relays racing, the notifier
 * down, slow and erroring. Settings are shrunk so that backoffs and the breaker's open state last milliseconds.
 */
@ExtendWith(NettyLeakDetection.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "todo.outbox.relay.enabled=true", "todo.outbox.relay.interval=50ms", "todo.outbox.relay.batch=20",
                "todo.outbox.relay.lease=10s", "todo.outbox.relay.deadline=3s",
                "todo.outbox.relay.max-attempts=4", "todo.outbox.relay.backoff=100ms",
                "todo.outbox.relay.max-backoff=400ms",
                "resilience4j.circuitbreaker.instances.notifier.wait-duration-in-open-state=1s",
                "resilience4j.circuitbreaker.instances.notifier.minimum-number-of-calls=5",
                "resilience4j.circuitbreaker.instances.notifier.sliding-window-size=10" })
@ActiveProfiles("test")
class OutboxRelayTests {

    static final TestDatabase db = TestDatabase.create(OutboxRelayTests.class);

    static final FakeNotifier notifier = new FakeNotifier();

    static final Duration WAIT = Duration.ofSeconds(90);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db.registerR2dbc(registry);
        registry.add("spring.grpc.client.channel.notifier.target", notifier::target);
    }

    @LocalServerPort
    int port;

    @Autowired
    OutboxStore store;

    @Autowired
    NotifierPublisher publisher;

    @Autowired
    RelayProperties properties;

    @Autowired
    Clock clock;

    @Autowired
    OutboxRelay relay;

    @Autowired
    RelayNudges nudges;

    @Autowired
    MeterRegistry meters;

    WebClient client;

    @BeforeEach
    void notifierUp() {
        notifier.behaviour = event -> null;
        notifier.received.clear();
        notifier.start();
        client = WebClient.builder().baseUrl("http://127.0.0.1:" + port)
            .defaultHeader("X-Internal-Token", ApiClient.INTERNAL_TOKEN)
            .build();
    }

    @AfterEach
    void notifierDown() {
        notifier.stop();
    }

    @Test
    void twoRelaysRacingOnOneTableSendEveryEventOnceInEachUsersOrder() {
        OutboxRelay second = new OutboxRelay("relay-second", store, publisher, properties, clock,
                new SimpleMeterRegistry(), nudges);
        second.start();
        try {
            List<Long> users = users(8);
            // 200 changes in parallel: 20 creates per user, then 5 renames per user
            List<Map<String, Object>> created = Flux.range(0, 160)
                .flatMap(i -> create(users.get(i % 8), "task " + i), 32)
                .collectList()
                .block(WAIT);
            Flux.range(0, 40)
                .flatMap(i -> rename(created.get(i), "renamed " + i), 32)
                .blockLast(WAIT);

            await(() -> pending(users) == 0, "every event sent");
            assertThat(rows(users)).as("one outbox row per change").hasSize(200);
            assertDeliveredOnceInOrder(users);
        }
        finally {
            second.stop();
        }
    }

    @Test
    void thePublishContinuesTheTraceOfTheRequestThatWroteTheEvent() {
        long user = users(1).get(0);
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        createTraced(user, traceId, "traced");

        await(() -> pending(List.of(user)) == 0, "the event sent");
        OutboxRows.Row row = rows(List.of(user)).get(0);
        assertThat(row.traceparent()).as("the row keeps the request's trace").startsWith("00-" + traceId + "-");
        String eventId = row.eventId();
        assertThat(notifier.traceparents.get(eventId)).as("the notifier's call is in the request's trace")
            .startsWith("00-" + traceId + "-")
            .doesNotContain("00f067aa0ba902b7")
            .endsWith("-01");
    }

    /**
     * A publish long after its change (an outage's retry, a backlog drained) is a trace of its own: the request's trace
     * no longer grows at each retry. The change is made older by rewriting its commit time in the row.
     */
    @Test
    void aPublishLongAfterTheChangeIsATraceOfItsOwn() {
        long user = users(1).get(0);
        String traceId = "5cf92f3577b34da6a3ce929d0e0e4737";
        AtomicBoolean failing = new AtomicBoolean(true);
        notifier.behaviour = event -> failing.get() ? FakeNotifier.Fault.failing(Status.UNAVAILABLE) : null;
        createTraced(user, traceId, "traced, then retried");
        String eventId = rows(List.of(user)).get(0).eventId();
        await(() -> notifier.callTraceparents.containsKey(eventId), "a first publish, refused");
        assertThat(notifier.callTraceparents.get(eventId).get(0)).as("a publish soon after the change is in its trace")
            .startsWith("00-" + traceId);

        Instant longAgo = clock.instant().minus(TraceLinks.CONTINUING).minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        OutboxRows.execute(db, "UPDATE task_outbox SET payload = JSON_SET(payload, '$.at', '" + longAgo
                + "') WHERE event_id = '" + eventId + "'");
        // every claim from now on reads the older time: one such publish refused, then the notifier accepts
        await(() -> notifier.received.stream().anyMatch(event -> event.getEventId().equals(eventId)
                && event.getAt().getSeconds() == longAgo.getEpochSecond()), "a publish of the older change, refused");
        failing.set(false);
        await(() -> pending(List.of(user)) == 0, "the event sent once the notifier is back");
        List<String> calls = notifier.callTraceparents.get(eventId);
        assertThat(calls.get(calls.size() - 1)).as("the publish long after is a trace of its own").doesNotContain(traceId);
    }

    /** A task created by a request of trace {@code traceId} (its parent span 00f067aa0ba902b7). */
    private void createTraced(long user, String traceId, String title) {
        client.post().uri("/tasks").header("X-User-ID", Long.toString(user))
            .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("title", title))
            .retrieve()
            .toBodilessEntity()
            .block(WAIT);
    }

    @Test
    void notifierDownLosesNothingOpensTheBreakerAndDrainsWhenItIsBack() {
        notifier.stop();
        List<Long> users = users(5);
        Flux.range(0, 40).flatMap(i -> create(users.get(i % 5), "while down " + i), 16).blockLast(WAIT);

        await(() -> publisher.breaker().getState() == CircuitBreaker.State.OPEN, "the breaker open");
        List<OutboxRows.Row> rows = rows(users);
        assertThat(rows).hasSize(40).allSatisfy(row -> {
            assertThat(row.state()).isEqualTo("PENDING");
            assertThat(row.attempts()).as("an unreachable notifier counts no attempt").isZero();
        });

        notifier.start();
        await(() -> pending(users) == 0, "the backlog drained");
        assertDeliveredOnceInOrder(users);
        await(() -> publisher.breaker().getState() == CircuitBreaker.State.CLOSED, "the breaker closed again");
    }

    @Test
    void anEventTheNotifierKeepsFailingOnOrRefusesIsParkedAndItsUserGoesOn() {
        notifier.behaviour = event -> switch (event.getTitle()) {
            case "poison internal" -> FakeNotifier.Fault.failing(Status.INTERNAL);
            case "poison invalid" -> FakeNotifier.Fault.failing(Status.INVALID_ARGUMENT);
            default -> null;
        };
        double parkedBefore = parked();
        List<Long> users = users(6);
        List<String> poisons = List.of("poison internal", "poison invalid");
        for (int u = 0; u < poisons.size(); u++) {
            create(users.get(u), poisons.get(u)).block(WAIT);
            create(users.get(u), "after").block(WAIT);
        }
        for (int u = poisons.size(); u < users.size(); u++) { // healthy traffic beside them
            for (int i = 0; i < 5; i++) {
                create(users.get(u), "fine " + i).block(WAIT);
            }
        }

        await(() -> pending(users) == 0, "every event sent or parked");
        for (int u = 0; u < poisons.size(); u++) {
            long user = users.get(u);
            List<OutboxRows.Row> rows = OutboxRows.ofUser(db, user);
            int expectedAttempts = poisons.get(u).equals("poison invalid") ? 1 : properties.maxAttempts();
            assertThat(rows.get(0).state()).as(poisons.get(u)).isEqualTo("PARKED");
            assertThat(rows.get(0).attempts()).as(poisons.get(u)).isEqualTo(expectedAttempts);
            assertThat(rows.get(1).state()).isEqualTo("SENT");
            List<String> arrivals = notifier.ofUser(user).stream().map(TaskEvent::getTitle).toList();
            assertThat(arrivals).as("arrivals for user %d", user).endsWith("after").contains(poisons.get(u));
            assertThat(arrivals.indexOf("after")).as("the next event only after the poison was given up")
                .isGreaterThan(arrivals.lastIndexOf(poisons.get(u)));
            assertThat(arrivals.stream().filter(poisons.get(u)::equals).count())
                .isLessThanOrEqualTo(expectedAttempts);
        }
        for (int u = poisons.size(); u < users.size(); u++) {
            assertThat(OutboxRows.ofUser(db, users.get(u))).allMatch(row -> row.state().equals("SENT"));
        }
        assertThat(parked() - parkedBefore).isEqualTo(poisons.size());
    }

    /**
     * A notifier whose database is down answers UNAVAILABLE, a hung one lets the deadline pass: for many more calls
     * than OUTBOX_RELAY_MAX_ATTEMPTS, none of which counts, and when it is well again every event goes out.
     */
    @Test
    void aNotifierFailingTransientlyForLongerThanTheAttemptsParkNothingAndLosesNothing() {
        publisher.breaker().reset();
        Set<String> recovered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        notifier.behaviour = event -> recovered.contains(event.getTitle()) ? null
                : switch (event.getTitle()) {
                    case "feed database down" -> FakeNotifier.Fault.failing(
                            Status.UNAVAILABLE.withDescription("the feed's database is unavailable"));
                    case "notifier hung" -> FakeNotifier.Fault.slow(Duration.ofSeconds(5));
                    default -> null;
                };
        double parkedBefore = parked();
        // two users: the half-open breaker lets two calls through, a third user's would rarely be one of them
        List<Long> users = users(2);
        List<String> faults = List.of("feed database down", "notifier hung");
        for (int u = 0; u < faults.size(); u++) {
            create(users.get(u), faults.get(u)).block(WAIT);
            create(users.get(u), "after").block(WAIT);
        }

        for (int u = 0; u < faults.size(); u++) {
            long user = users.get(u);
            String fault = faults.get(u);
            await(() -> notifier.ofUser(user).size() > properties.maxAttempts(),
                    "more calls than OUTBOX_RELAY_MAX_ATTEMPTS for " + fault);
            OutboxRows.Row head = OutboxRows.ofUser(db, user).get(0);
            assertThat(head.state()).as(fault).isEqualTo("PENDING");
            assertThat(head.attempts()).as("%s counts no attempt", fault).isZero();
        }
        recovered.addAll(faults);

        await(() -> pending(users) == 0, "every event sent once the notifier is well");
        assertThat(rows(users)).allSatisfy(row -> {
            assertThat(row.state()).isEqualTo("SENT");
            assertThat(row.attempts()).isZero();
        });
        assertThat(parked() - parkedBefore).as("nothing parked").isZero();
        for (long user : users) {
            assertThat(notifier.ofUser(user).stream().map(TaskEvent::getTitle).toList()).endsWith("after");
        }
    }

    @Test
    void aCommittedChangeIsPublishedAtOnceNotAtTheRelaysNextInterval() {
        publisher.breaker().reset(); // closed, whatever an earlier test left
        long user = users(1).get(0);
        // through the usual relay: the channel to the notifier is up again after the earlier tests' outages
        create(user, "first").block(WAIT);
        await(() -> notifier.ofUser(user).size() == 1, "the first event");
        // and marked sent: a relay stopped between the publish and that mark leaves the event leased to it, which
        // holds every later event of the user back until the lease ends, longer than this test waits (seen in CI)
        await(() -> OutboxRows.ofUser(db, user).stream().allMatch(row -> row.state().equals("SENT")),
                "the first event marked sent");
        onlyTheEventsOf(user);
        RelayProperties slow = new RelayProperties(true, properties.batch(), Duration.ofMinutes(10), properties.lease(),
                properties.deadline(), properties.maxAttempts(), properties.backoff(), properties.maxBackoff(),
                properties.concurrency());
        OutboxRelay patient = new OutboxRelay("relay-patient", store, publisher, slow, clock,
                new SimpleMeterRegistry(), nudges);
        patient.start();
        try {
            // after its first round the relay waits up to ten minutes: only the nudge of a commit wakes it in time
            for (int i = 0; i < 3; i++) {
                int before = notifier.ofUser(user).size();
                create(user, "next " + i).block(WAIT);
                Eventually.await(Duration.ofSeconds(5), () -> notifier.ofUser(user).size() > before,
                        "event " + i + " published within 5 s of its commit");
                assertThat(notifier.ofUser(user)).as("published within 5 s of its commit").hasSize(before + 1);
            }
        }
        finally {
            patient.stop();
            relay.start();
        }
    }

    @Test
    void aRelayStoppedWithTheApplicationEndsItsRoundAndLeavesNothingOfItsClaimLeased() throws InterruptedException {
        long user = users(1).get(0);
        onlyTheEventsOf(user);
        OutboxRelay stopping = new OutboxRelay("relay-stopping", store, publisher, properties, clock,
                new SimpleMeterRegistry(), nudges);
        try {
            Flux.range(0, 10).concatMap(i -> create(user, "slow " + i)).blockLast(WAIT);
            notifier.behaviour = event -> FakeNotifier.Fault.slow(Duration.ofMillis(300));
            stopping.start(); // claims all ten in one round, then publishes them one by one
            await(() -> notifier.ofUser(user).size() >= 2, "two events published");

            CountDownLatch stopped = new CountDownLatch(1);
            stopping.stop(stopped::countDown); // as the context's shutdown stops it
            assertThat(stopped.await(5, TimeUnit.SECONDS)).as("stopped within a publish or two").isTrue();

            int published = notifier.ofUser(user).size();
            assertThat(published).as("the round was cut short").isLessThan(10);
            List<OutboxRows.Row> rows = OutboxRows.ofUser(db, user);
            assertThat(rows.stream().filter(row -> row.state().equals("SENT")).count())
                .as("every event published before the stop is marked sent").isEqualTo(published);
            assertThat(rows).as("nothing left leased to the stopped relay")
                .noneMatch(row -> "relay-stopping".equals(row.leaseOwner()));
        }
        finally {
            stopping.stop();
            notifier.behaviour = event -> null;
            relay.start();
        }
        // the rest goes out with the next relay's next round, not after the stopped relay's lease (10 s)
        Eventually.await(Duration.ofSeconds(5), () -> pending(List.of(user)) == 0, "nothing pending 5 s after the stop");
        assertDeliveredOnceInOrder(List.of(user));
    }

    /**
     * Stops the usual relay and leaves only this user's pending events, with the breaker closed: earlier tests'
     * undeliverable events (poisons, outages) would fail a relay's calls and open the breaker, which holds every
     * round back for longer than a test waits (seen in CI).
     */
    private void onlyTheEventsOf(long user) {
        relay.stop();
        OutboxRows.execute(db, "DELETE FROM task_outbox WHERE state = 'PENDING' AND user_id <> " + user);
        publisher.breaker().reset();
    }

    private double parked() {
        return meters.counter("outbox.events.parked").count();
    }

    /**
     * Each user's events all arrived, in id (commit) order, and none twice unless an attempt of that same event had
     * failed before (a call that ran past its deadline may still have reached the notifier, which stores an event
     * id once): two relays never publish one event.
     */
    private void assertDeliveredOnceInOrder(List<Long> users) {
        for (long user : users) {
            List<OutboxRows.Row> rows = OutboxRows.ofUser(db, user);
            assertThat(rows).allMatch(row -> row.state().equals("SENT"));
            List<TaskEvent> arrived = notifier.ofUser(user);
            List<String> withoutRetries = new ArrayList<>();
            Map<String, Integer> receipts = new java.util.HashMap<>();
            for (TaskEvent event : arrived) {
                receipts.merge(event.getEventId(), 1, Integer::sum);
                if (withoutRetries.isEmpty() || !withoutRetries.getLast().equals(event.getEventId())) {
                    withoutRetries.add(event.getEventId());
                }
            }
            assertThat(withoutRetries).as("user %d's events in order of arrival", user)
                .containsExactlyElementsOf(rows.stream().map(OutboxRows.Row::eventId).toList());
            for (OutboxRows.Row row : rows) {
                assertThat(receipts.get(row.eventId()))
                    .as("receipts of event %d after %d failed attempts", row.id(), row.attempts())
                    .isLessThanOrEqualTo(1 + row.attempts());
            }
        }
    }

    private List<Long> users(int count) {
        List<Long> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(TestUsers.create(db));
        }
        return users;
    }

    private List<OutboxRows.Row> rows(List<Long> users) {
        Set<Long> ids = new HashSet<>(users);
        return OutboxRows.all(db).stream().filter(row -> ids.contains(row.userId())).toList();
    }

    private long pending(List<Long> users) {
        return rows(users).stream().filter(row -> row.state().equals("PENDING")).count();
    }

    private reactor.core.publisher.Mono<Map<String, Object>> create(long user, String title) {
        return client.post().uri("/tasks").header("X-User-ID", Long.toString(user))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("title", title))
            .retrieve()
            .<Map<String, Object>>bodyToMono(new org.springframework.core.ParameterizedTypeReference<>() {
            })
            .map(task -> {
                Map<String, Object> withOwner = new java.util.HashMap<>(task);
                withOwner.put("owner", user);
                return withOwner;
            });
    }

    private reactor.core.publisher.Mono<String> rename(Map<String, Object> task, String title) {
        return client.patch().uri("/tasks/" + task.get("id")).header("X-User-ID", task.get("owner").toString())
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("title", title))
            .retrieve()
            .bodyToMono(String.class);
    }

    private static void await(BooleanSupplier condition, String what) {
        Eventually.await(WAIT, condition, what);
    }
}
