package dev.todolist.todo.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.todolist.notifier.v1.NotifierGrpc;
import dev.todolist.notifier.v1.PublishReply;
import dev.todolist.notifier.v1.PublishRequest;
import dev.todolist.notifier.v1.TaskEvent;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import static java.util.Objects.requireNonNull;

/**
 * A real gRPC server on a real port that implements the notifier's Publish for the relay's tests: it records
 * every event it receives (duplicates included) and answers what {@link #behaviour} says: OK, a status, or OK after
 * a delay (a slow notifier). Start and stop it to simulate the notifier's outages.
 */
final class FakeNotifier {

    /** What to do with one event: {@code null} answers at once, otherwise the given fault. */
    record Fault(@Nullable Status status, Duration delay) {

        static Fault failing(Status status) {
            return new Fault(status, Duration.ZERO);
        }

        static Fault slow(Duration delay) {
            return new Fault(null, delay);
        }
    }

    final int port;

    final List<TaskEvent> received = new CopyOnWriteArrayList<>();

    /** The {@code traceparent} metadata of each publish, by event id (absent when the call had none). */
    final Map<String, String> traceparents = new ConcurrentHashMap<>();

    /** Every call's traceparent, by event id, in the order they came. */
    final Map<String, List<String>> callTraceparents = new ConcurrentHashMap<>();

    private static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent",
            Metadata.ASCII_STRING_MARSHALLER);

    private static final Context.Key<String> CALL_TRACEPARENT = Context.key("traceparent");

    volatile Function<TaskEvent, @Nullable Fault> behaviour = event -> null;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    private @Nullable Server server;

    /**
     * Started on a port the system picks, kept for every restart: chosen by the bind itself, not by a probe closed
     * before the server binds (another socket could take the port in between).
     */
    FakeNotifier() {
        start(0);
        this.port = requireNonNull(server).getPort();
    }

    String target() {
        return "localhost:" + port;
    }

    /** Starts it again on its port after {@link #stop()}; nothing if it runs. */
    synchronized void start() {
        if (server == null) {
            start(port);
        }
    }

    private synchronized void start(int onPort) {
        try {
            server = Grpc.newServerBuilderForPort(onPort, InsecureServerCredentials.create())
                .intercept(new ServerInterceptor() {

                    @Override
                    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                            ServerCallHandler<Q, A> next) {
                        String traceparent = headers.get(TRACEPARENT);
                        return traceparent == null ? next.startCall(call, headers)
                                : Contexts.interceptCall(Context.current().withValue(CALL_TRACEPARENT, traceparent),
                                        call, headers, next);
                    }
                })
                .addService(new NotifierGrpc.NotifierImplBase() {

                    @Override
                    public void publish(PublishRequest request, StreamObserver<PublishReply> reply) {
                        TaskEvent event = request.getEvent();
                        String traceparent = CALL_TRACEPARENT.get();
                        if (traceparent != null) {
                            traceparents.put(event.getEventId(), traceparent);
                            callTraceparents.computeIfAbsent(event.getEventId(), id -> new CopyOnWriteArrayList<>())
                                .add(traceparent);
                        }
                        received.add(event);
                        Fault fault = behaviour.apply(event);
                        if (fault == null) {
                            ok(event, reply);
                        }
                        else if (fault.status() != null) {
                            reply.onError(fault.status().asRuntimeException());
                        }
                        else {
                            timer.schedule(() -> ok(event, reply), fault.delay().toMillis(), TimeUnit.MILLISECONDS);
                        }
                    }
                })
                .build()
                .start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void ok(TaskEvent event, StreamObserver<PublishReply> reply) {
        try {
            reply.onNext(PublishReply.newBuilder().setNotificationId(Long.toString(event.getSequence())).build());
            reply.onCompleted();
        }
        catch (RuntimeException ex) {
            // the caller gave up (deadline): nothing to answer
        }
    }

    synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
    }

    /** The event ids received, in order of arrival, of one user. */
    List<TaskEvent> ofUser(long userId) {
        List<TaskEvent> events = new ArrayList<>();
        for (TaskEvent event : received) {
            if (event.getUserId() == userId) {
                events.add(event);
            }
        }
        return events;
    }
}
