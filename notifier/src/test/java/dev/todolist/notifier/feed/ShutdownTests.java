package dev.todolist.notifier.feed;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.todolist.notifier.NotifierApplication;
import dev.todolist.notifier.credential.InternalToken;
import dev.todolist.notifier.v1.ReactorNotifierGrpc;
import dev.todolist.notifier.v1.SubscribeRequest;
import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifier as a real gRPC server, stopped while a stream is open: the stream ends at once with
 * {@code UNAVAILABLE} and the notifier stops without waiting out the gRPC server's grace period (30 s), which it did
 * for as long as any stream was open (every edge holds one per open {@code /events}).
 */
@ExtendWith(NettyLeakDetection.class)
class ShutdownTests {

    static final TestDatabase db = TestDatabase.create(ShutdownTests.class);

    @Test
    void anOpenStreamEndsWithUnavailableWhenTheNotifierStops() throws Exception {
        ConfigurableApplicationContext notifier = new SpringApplicationBuilder(NotifierApplication.class).run(
                "--spring.grpc.server.port=0", "--" + Events.TRUST, "--server.port=0",
                "--spring.r2dbc.url=" + db.r2dbcUrl(), "--spring.r2dbc.username=" + db.user(),
                "--spring.r2dbc.password=" + db.password());
        int port = notifier.getEnvironment().getRequiredProperty("local.grpc.server.port", Integer.class);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
            .intercept(InternalToken.attach(Events.INTERNAL_TOKEN)).build();
        try {
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            ReactorNotifierGrpc.newReactorStub(channel)
                .subscribe(SubscribeRequest.newBuilder().setUserId(Events.newUser()).build())
                .subscribe(notification -> { }, ended::complete, () -> ended.complete(null));
            Thread.sleep(500); // the stream is open (its replay found nothing)
            assertThat(ended).isNotDone();

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(notifier::close);

            Throwable end = ended.get(10, TimeUnit.SECONDS);
            assertThat(end).isInstanceOf(StatusRuntimeException.class);
            Status status = ((StatusRuntimeException) end).getStatus();
            assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(status.getDescription()).isEqualTo(LiveFeeds.SHUTTING_DOWN);
            stopped.get(Duration.ofSeconds(20).toSeconds(), TimeUnit.SECONDS);
        }
        finally {
            channel.shutdownNow();
            notifier.close();
        }
    }
}
