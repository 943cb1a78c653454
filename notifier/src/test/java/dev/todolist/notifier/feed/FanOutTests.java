package dev.todolist.notifier.feed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.todolist.notifier.NotifierApplication;
import dev.todolist.notifier.credential.InternalToken;
import dev.todolist.notifier.v1.Notification;
import dev.todolist.notifier.v1.NotifierGrpc;
import dev.todolist.notifier.v1.ReactorNotifierGrpc;
import dev.todolist.notifier.v1.SubscribeRequest;
import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.testsupport.TestDatabase;
import dev.todolist.testsupport.TestRedis;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two notifier servers on real gRPC ports, sharing the database and the Redis channel as two instances of a
 * scaled-out platform do: a stream opened on one gets what was stored through either, in order and once, with the
 * replay first.
 */
@ExtendWith(NettyLeakDetection.class)
class FanOutTests {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    static final TestDatabase db = TestDatabase.create(FanOutTests.class);

    static final String KEY_PREFIX = TestRedis.uniqueKeyPrefix(FanOutTests.class);

    static ConfigurableApplicationContext first;

    static ConfigurableApplicationContext second;

    static ManagedChannel toFirst;

    static ManagedChannel toSecond;

    @BeforeAll
    static void startTwoInstances() throws InterruptedException {
        first = start();
        second = start();
        toFirst = channel(first);
        toSecond = channel(second);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!first.getBean(FeedBell.class).connected() || !second.getBean(FeedBell.class).connected()) {
            assertThat(System.nanoTime()).as("both instances connected to Redis").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() {
        toFirst.shutdownNow();
        toSecond.shutdownNow();
        second.close();
        first.close();
    }

    @Test
    void aStreamOnOneInstanceGetsWhatEitherStoredInOrderAndOnce() {
        long user = Events.newUser();
        String seen = blocking(toSecond).publish(Events.request(Events.created(user, 1, "seen"))).getNotificationId();
        List<String> expected = new ArrayList<>();
        for (int task = 2; task <= 4; task++) {
            blocking(toSecond).publish(Events.request(Events.created(user, task, "before " + task)));
            expected.add("before " + task);
        }
        int live = 40;
        // the whole expectation is written before the first publish: the stream may deliver the last row (on a
        // gRPC thread) before the call that stored it has returned here
        for (int task = 5; task < 5 + live; task++) {
            expected.add("live " + task);
        }
        var stream = ReactorNotifierGrpc.newReactorStub(toFirst)
            .subscribe(SubscribeRequest.newBuilder().setUserId(user).setAfter(seen).build())
            .map(Notification::getTitle)
            .take(expected.size());

        StepVerifier.create(stream.collectList())
            .then(() -> {
                for (int task = 5; task < 5 + live; task++) {
                    // alternating: half the rows are stored by the instance the stream is on, half by the other
                    ManagedChannel instance = task % 2 == 1 ? toFirst : toSecond; // the last one on the other
                    blocking(instance).publish(Events.request(Events.created(user, task, "live " + task)));
                }
            })
            .assertNext(titles -> assertThat(titles).containsExactlyElementsOf(expected))
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void streamsOnBothInstancesGetARowStoredOnEither() throws InterruptedException {
        long user = Events.newUser();
        BlockingQueue<String> onFirst = new LinkedBlockingQueue<>();
        BlockingQueue<String> onSecond = new LinkedBlockingQueue<>();
        blocking(toFirst).publish(Events.request(Events.created(user, 1, "before")));
        Disposable firstStream = titlesInto(toFirst, user, onFirst);
        Disposable secondStream = titlesInto(toSecond, user, onSecond);
        try {
            // both streams are open and have replayed what was stored before them
            assertThat(onFirst.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("before");
            assertThat(onSecond.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("before");
            // each row reaches the other instance's stream before that instance stores anything of its own, so only
            // the fan-out can have brought it there (an instance's own ring reads every row after the last one sent)
            blocking(toFirst).publish(Events.request(Events.created(user, 2, "from the first")));
            assertThat(onFirst.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("from the first");
            assertThat(onSecond.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("from the first");
            blocking(toSecond).publish(Events.request(Events.created(user, 3, "from the second")));
            assertThat(onSecond.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("from the second");
            assertThat(onFirst.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("from the second");
        }
        finally {
            firstStream.dispose();
            secondStream.dispose();
        }
    }

    private static Disposable titlesInto(ManagedChannel channel, long user, BlockingQueue<String> titles) {
        return ReactorNotifierGrpc.newReactorStub(channel)
            .subscribe(SubscribeRequest.newBuilder().setUserId(user).build())
            .map(Notification::getTitle)
            .subscribe(titles::add);
    }

    private static NotifierGrpc.NotifierBlockingStub blocking(ManagedChannel channel) {
        return NotifierGrpc.newBlockingStub(channel).withDeadlineAfter(TIMEOUT);
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(NotifierApplication.class).run("--spring.grpc.server.port=0", "--" + Events.TRUST,
                "--server.port=0", "--spring.r2dbc.url=" + db.r2dbcUrl(), "--spring.r2dbc.username=" + db.user(),
                "--spring.r2dbc.password=" + db.password(), "--notifier.redis.address=" + TestRedis.address(),
                "--notifier.redis.key-prefix=" + KEY_PREFIX,
                // a cold pool on a loaded test machine: this test is about the fan-out, not the deadline
                "--notifier.feed.database-timeout=20s");
    }

    private static ManagedChannel channel(ConfigurableApplicationContext notifier) {
        int port = notifier.getEnvironment().getRequiredProperty("local.grpc.server.port", Integer.class);
        return ManagedChannelBuilder.forAddress("127.0.0.1", port)
            .usePlaintext()
            .intercept(InternalToken.attach(Events.INTERNAL_TOKEN))
            .build();
    }
}
