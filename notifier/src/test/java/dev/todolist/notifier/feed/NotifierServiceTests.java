package dev.todolist.notifier.feed;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.notifier.credential.InternalToken;
import dev.todolist.notifier.v1.ListFeedRequest;
import dev.todolist.notifier.v1.MarkReadRequest;
import dev.todolist.notifier.v1.Notification;
import dev.todolist.notifier.v1.NotifierGrpc;
import dev.todolist.notifier.v1.PublishReply;
import dev.todolist.notifier.v1.ReactorNotifierGrpc;
import dev.todolist.notifier.v1.SubscribeRequest;
import dev.todolist.notifier.v1.UserRequest;
import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.testsupport.TestDatabase;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Notifier service over gRPC's in-process transport (the network adds nothing to what is checked here), on the
 * real schema in a database of its own.
 */
@ExtendWith(NettyLeakDetection.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = { "spring.grpc.server.port=0", "spring.grpc.server.inprocess.name=" + NotifierServiceTests.NAME,
                Events.TRUST })
class NotifierServiceTests {

    static final String NAME = "notifier-service-tests";

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    static final TestDatabase db = TestDatabase.create(NotifierServiceTests.class);

    static ManagedChannel channel;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        db.registerR2dbc(registry);
    }

    @BeforeAll
    static void connect() {
        channel = InProcessChannelBuilder.forName(NAME).intercept(InternalToken.attach(Events.INTERNAL_TOKEN)).build();
    }

    @AfterAll
    static void disconnect() {
        channel.shutdownNow();
    }

    NotifierGrpc.NotifierBlockingStub notifier() {
        return NotifierGrpc.newBlockingStub(channel).withDeadlineAfter(TIMEOUT);
    }

    List<Notification> feed(long userId, int limit) {
        return notifier().listFeed(ListFeedRequest.newBuilder().setUserId(userId).setLimit(limit).build())
            .getNotificationsList();
    }

    long unread(long userId) {
        return notifier().unreadCount(UserRequest.newBuilder().setUserId(userId).build()).getUnread();
    }

    @Test
    void aCallWithoutTheInternalCredentialIsUnauthenticatedAndChangesNothing() {
        // any process that reached the port could read any user's feed, or write into it
        long user = Events.newUser();
        notifier().publish(Events.request(Events.created(user, 1, "mine")));
        ManagedChannel bare = InProcessChannelBuilder.forName(NAME).build();
        ManagedChannel wrong = InProcessChannelBuilder.forName(NAME)
            .intercept(InternalToken.attach(Events.INTERNAL_TOKEN + "x"))
            .build();
        try {
            for (ManagedChannel untrusted : List.of(bare, wrong)) {
                var stub = NotifierGrpc.newBlockingStub(untrusted).withDeadlineAfter(TIMEOUT);
                for (Runnable call : List.<Runnable>of(
                        () -> stub.publish(Events.request(Events.created(user, 2, "forged"))),
                        () -> stub.listFeed(ListFeedRequest.newBuilder().setUserId(user).setLimit(5).build()),
                        () -> stub.unreadCount(UserRequest.newBuilder().setUserId(user).build()))) {
                    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                            refused -> assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
                }
            }
        }
        finally {
            bare.shutdownNow();
            wrong.shutdownNow();
        }
        assertThat(feed(user, 10)).extracting(Notification::getTitle).containsExactly("mine");
    }

    @Test
    void publishedEventsAreListedNewestFirstWithEveryField() {
        long user = Events.newUser();
        String created = notifier().publish(Events.request(Events.created(user, 7, "buy milk"))).getNotificationId();
        String updated = notifier().publish(Events.request(Events.completed(user, 7, "buy milk"))).getNotificationId();
        String deleted = notifier().publish(Events.request(Events.deleted(user, 7, "buy milk"))).getNotificationId();
        String bulk = notifier().publish(Events.request(Events.bulkDeleted(user, 3))).getNotificationId();

        assertThat(List.of(created, updated, deleted, bulk)).isSorted().doesNotHaveDuplicates();
        List<Notification> feed = feed(user, 50);
        assertThat(feed).extracting(Notification::getId).containsExactly(bulk, deleted, updated, created);
        assertThat(feed).extracting(Notification::getType)
            .containsExactly("tasks.deleted", "task.deleted", "task.updated", "task.created");

        Notification bulkDelete = feed.get(0);
        assertThat(bulkDelete.hasTaskId()).isFalse();
        assertThat(bulkDelete.hasTitle()).isFalse();
        assertThat(bulkDelete.hasCompleted()).isFalse();
        assertThat(bulkDelete.getCount()).isEqualTo(3);
        assertThat(bulkDelete.getChangedList()).isEmpty();

        Notification delete = feed.get(1);
        assertThat(delete.getTaskId()).isEqualTo(7);
        assertThat(delete.getTitle()).isEqualTo("buy milk");
        assertThat(delete.hasTaskJson()).isFalse();
        assertThat(delete.hasCount()).isFalse();

        Notification update = feed.get(2);
        assertThat(update.getTaskId()).isEqualTo(7);
        assertThat(update.getTitle()).isEqualTo("buy milk");
        assertThat(update.getChangedList()).containsExactly("completed");
        assertThat(update.getCompleted()).isTrue();
        assertThat(update.getTaskJson()).contains("\"completed\":true");
        assertThat(update.getRead()).isFalse();
        assertThat(update.getAt().getSeconds()).isPositive();

        Notification create = feed.get(3);
        assertThat(create.getTaskId()).isEqualTo(7);
        assertThat(create.getTitle()).isEqualTo("buy milk");
        assertThat(create.getCompleted()).isFalse();
        assertThat(create.getChangedList()).isEmpty();
        assertThat(create.getTaskJson()).isEqualTo("{\"id\":7,\"title\":\"buy milk\",\"completed\":false}");
        assertThat(create.hasCount()).isFalse();
        assertThat(create.getRead()).isFalse();
        assertThat(create.getAt().getSeconds()).isPositive();
    }

    @Test
    void aRepeatedEventIdStoresNothingAndAnswersTheFirstId() {
        long user = Events.newUser();
        var event = Events.created(user, 1, "once");

        PublishReply first = notifier().publish(Events.request(event));
        PublishReply again = notifier().publish(Events.request(event));

        assertThat(first.getDuplicate()).isFalse();
        assertThat(again.getDuplicate()).isTrue();
        assertThat(again.getNotificationId()).isEqualTo(first.getNotificationId());
        assertThat(feed(user, 50)).hasSize(1);
        assertThat(unread(user)).isEqualTo(1);
    }

    @Test
    void malformedEventsAreInvalidArguments() {
        long user = Events.newUser();
        expectInvalid(() -> notifier().publish(Events.request(Events.created(user, 1, "x").setEventId(""))));
        expectInvalid(() -> notifier().publish(Events.request(Events.created(user, 1, "x").setUserId(0))));
        expectInvalid(() -> notifier().publish(Events.request(Events.created(user, 1, "x").setType("task.renamed"))));
        expectInvalid(() -> notifier().publish(Events.request(Events.created(user, 1, "x").clearTaskId())));
        expectInvalid(() -> notifier().publish(Events.request(Events.created(user, 1, "x").clearAt())));
        expectInvalid(() -> notifier().publish(Events.request(Events.created(user, 1, "x").setTitle("t".repeat(256)))));
        expectInvalid(() -> notifier().publish(Events.request(Events.completed(user, 1, "x").clearChanged())));
        expectInvalid(() -> notifier().publish(Events.request(Events.completed(user, 1, "x").addChanged("owner"))));
        expectInvalid(() -> notifier().publish(Events.request(Events.bulkDeleted(user, 2).setTaskId(4))));
        expectInvalid(() -> notifier().publish(Events.request(Events.bulkDeleted(user, 2).clearCount())));
        expectInvalid(() -> notifier().publish(dev.todolist.notifier.v1.PublishRequest.getDefaultInstance()));
        assertThat(feed(user, 50)).isEmpty();
    }

    @Test
    void pagesFollowLimitAndBefore() {
        long user = Events.newUser();
        for (int task = 1; task <= 5; task++) {
            notifier().publish(Events.request(Events.created(user, task, "task " + task)));
        }
        List<Notification> firstPage = feed(user, 2);
        assertThat(firstPage).extracting(Notification::getTitle).containsExactly("task 5", "task 4");

        List<Notification> secondPage = notifier().listFeed(ListFeedRequest.newBuilder()
            .setUserId(user)
            .setLimit(2)
            .setBefore(firstPage.get(1).getId())
            .build()).getNotificationsList();
        assertThat(secondPage).extracting(Notification::getTitle).containsExactly("task 3", "task 2");

        assertThat(feed(user, 200)).hasSize(5);
        expectInvalid(() -> feed(user, 0));
        expectInvalid(() -> feed(user, 201));
        expectInvalid(() -> notifier()
            .listFeed(ListFeedRequest.newBuilder().setUserId(user).setLimit(5).setBefore("12ab").build()));
        expectInvalid(() -> feed(0, 5));
    }

    @Test
    void markReadMarksThatOneAndEveryOlderOne() {
        long user = Events.newUser();
        String first = notifier().publish(Events.request(Events.created(user, 1, "a"))).getNotificationId();
        String second = notifier().publish(Events.request(Events.created(user, 2, "b"))).getNotificationId();
        notifier().publish(Events.request(Events.created(user, 3, "c")));
        assertThat(first).isLessThan(second);
        assertThat(unread(user)).isEqualTo(3);

        long marked = notifier().markRead(MarkReadRequest.newBuilder().setUserId(user).setUpTo(second).build())
            .getMarked();

        assertThat(marked).isEqualTo(2);
        assertThat(unread(user)).isEqualTo(1);
        assertThat(feed(user, 50)).extracting(Notification::getRead).containsExactly(false, true, true);
        assertThat(notifier().markRead(MarkReadRequest.newBuilder().setUserId(user).setUpTo(second).build())
            .getMarked()).isZero();
        expectInvalid(() -> notifier().markRead(MarkReadRequest.newBuilder().setUserId(user).setUpTo("").build()));
        expectInvalid(() -> notifier().markRead(MarkReadRequest.newBuilder().setUserId(user).setUpTo("-1").build()));
    }

    @Test
    void noUserSeesOrChangesAnotherUsersFeed() {
        long alice = Events.newUser();
        long bob = Events.newUser();
        String alices = notifier().publish(Events.request(Events.created(alice, 1, "alice's"))).getNotificationId();
        notifier().publish(Events.request(Events.created(bob, 2, "bob's")));

        assertThat(feed(alice, 50)).extracting(Notification::getTitle).containsExactly("alice's");
        assertThat(feed(bob, 50)).extracting(Notification::getTitle).containsExactly("bob's");

        assertThat(notifier().markRead(MarkReadRequest.newBuilder().setUserId(bob).setUpTo(alices).build())
            .getMarked()).isZero();
        assertThat(unread(alice)).isEqualTo(1);
        assertThat(feed(bob, 50)).extracting(Notification::getRead).containsExactly(false);
    }

    @Test
    void subscribeReplaysWhatCameAfterTheGivenIdThenFollowsLive() {
        long user = Events.newUser();
        long stranger = Events.newUser();
        String seen = notifier().publish(Events.request(Events.created(user, 1, "seen"))).getNotificationId();
        notifier().publish(Events.request(Events.created(user, 2, "missed")));

        var stream = ReactorNotifierGrpc.newReactorStub(channel)
            .subscribe(SubscribeRequest.newBuilder().setUserId(user).setAfter(seen).build())
            .map(Notification::getTitle);

        StepVerifier.create(stream)
            .expectNext("missed")
            .then(() -> {
                notifier().publish(Events.request(Events.created(stranger, 3, "someone else's")));
                notifier().publish(Events.request(Events.created(user, 4, "live")));
            })
            .expectNext("live")
            .thenCancel()
            .verify(TIMEOUT);
    }

    @Test
    void subscribeWithoutAnIdReplaysTheWholeFeedInOrder() {
        long user = Events.newUser();
        int events = NotifierService.REPLAY_PAGE + 5; // more than one replay page
        for (int task = 1; task <= events; task++) {
            notifier().publish(Events.request(Events.created(user, task, "t" + task).setEventId(UUID.randomUUID().toString())));
        }
        var stream = ReactorNotifierGrpc.newReactorStub(channel)
            .subscribe(SubscribeRequest.newBuilder().setUserId(user).build())
            .map(Notification::getTaskId)
            .take(events);

        StepVerifier.create(stream.collectList())
            .assertNext(ids -> assertThat(ids).isSorted().hasSize(events).doesNotHaveDuplicates())
            .expectComplete()
            .verify(TIMEOUT);
    }

    private static void expectInvalid(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                ex -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }
}
