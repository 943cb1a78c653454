package dev.todolist.notifier.feed;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.notifier.credential.InternalToken;
import dev.todolist.notifier.v1.ListFeedRequest;
import dev.todolist.notifier.v1.NotifierGrpc;
import dev.todolist.notifier.v1.UserRequest;
import dev.todolist.testsupport.NettyLeakDetection;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A notifier whose database refuses connections (a port nothing listens on): every call is {@code UNAVAILABLE},
 * never {@code INTERNAL} or a hang, so that callers (the relay, the edge's breaker) know to retry later; a malformed
 * request is still {@code INVALID_ARGUMENT}.
 */
@ExtendWith(NettyLeakDetection.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = { "spring.grpc.server.port=0", "spring.grpc.server.inprocess.name=" + DatabaseUnavailableTests.NAME,
                Events.TRUST })
class DatabaseUnavailableTests {

    static final String NAME = "notifier-database-unavailable-tests";

    static ManagedChannel channel;

    @DynamicPropertySource
    static void unreachableDatabase(DynamicPropertyRegistry registry) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        registry.add("spring.r2dbc.url", () -> "r2dbc:mysql://127.0.0.1:" + closedPort + "/todo_db?connectTimeout=PT2S");
        registry.add("spring.r2dbc.username", () -> "root");
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
        return NotifierGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(20));
    }

    @Test
    void everyCallIsUnavailable() {
        long user = Events.newUser();
        expect(Status.Code.UNAVAILABLE, () -> notifier().publish(Events.request(Events.created(user, 1, "lost?"))));
        expect(Status.Code.UNAVAILABLE,
                () -> notifier().listFeed(ListFeedRequest.newBuilder().setUserId(user).setLimit(5).build()));
        expect(Status.Code.UNAVAILABLE, () -> notifier().unreadCount(UserRequest.newBuilder().setUserId(user).build()));
    }

    @Test
    void aMalformedRequestIsStillInvalid() {
        expect(Status.Code.INVALID_ARGUMENT,
                () -> notifier().listFeed(ListFeedRequest.newBuilder().setUserId(1).setLimit(0).build()));
    }

    private static void expect(Status.Code code, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                ex -> assertThat(ex.getStatus().getCode()).isEqualTo(code));
    }
}
