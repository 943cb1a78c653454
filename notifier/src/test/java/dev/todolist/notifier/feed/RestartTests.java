package dev.todolist.notifier.feed;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.todolist.notifier.NotifierApplication;
import dev.todolist.notifier.credential.InternalToken;
import dev.todolist.notifier.v1.ListFeedRequest;
import dev.todolist.notifier.v1.Notification;
import dev.todolist.notifier.v1.NotifierGrpc;
import dev.todolist.notifier.v1.PublishReply;
import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.testsupport.TestDatabase;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifier as a real gRPC server on a TCP port (the network is the point here), stopped and started again on the
 * same database: what it acknowledged before the restart is still there, and a publish repeated after the restart
 * (a relay that never saw the first answer) is recognised as a duplicate.
 */
@ExtendWith(NettyLeakDetection.class)
class RestartTests {

    static final TestDatabase db = TestDatabase.create(RestartTests.class);

    @Test
    void whatWasAcknowledgedSurvivesARestart() {
        long user = Events.newUser();
        var event = Events.created(user, 1, "kept");
        PublishReply acknowledged;
        try (ConfigurableApplicationContext notifier = start()) {
            acknowledged = call(notifier, stub -> stub.publish(Events.request(event)));
        }
        try (ConfigurableApplicationContext notifier = start()) {
            PublishReply again = call(notifier, stub -> stub.publish(Events.request(event)));
            assertThat(again.getDuplicate()).isTrue();
            assertThat(again.getNotificationId()).isEqualTo(acknowledged.getNotificationId());
            var feed = call(notifier,
                    stub -> stub.listFeed(ListFeedRequest.newBuilder().setUserId(user).setLimit(10).build()));
            assertThat(feed.getNotificationsList()).extracting(Notification::getTitle).containsExactly("kept");
        }
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(NotifierApplication.class).run("--spring.grpc.server.port=0", "--" + Events.TRUST,
                "--server.port=0", "--spring.r2dbc.url=" + db.r2dbcUrl(), "--spring.r2dbc.username=" + db.user(),
                "--spring.r2dbc.password=" + db.password(),
                // a cold pool on a loaded test machine: this test is about durability, not the deadline
                "--notifier.feed.database-timeout=20s");
    }

    private static <T> T call(ConfigurableApplicationContext notifier,
            java.util.function.Function<NotifierGrpc.NotifierBlockingStub, T> rpc) {
        int port = notifier.getEnvironment().getRequiredProperty("local.grpc.server.port", Integer.class);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port)
            .usePlaintext()
            .intercept(InternalToken.attach(Events.INTERNAL_TOKEN))
            .build();
        try {
            return rpc.apply(NotifierGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(20)));
        }
        finally {
            channel.shutdownNow();
        }
    }
}
