package dev.todolist.edge.notification;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.Timestamp;

import dev.todolist.edge.TestTokens;
import dev.todolist.notifier.credential.InternalToken;
import dev.todolist.notifier.v1.NotifierGrpc;
import dev.todolist.notifier.v1.PublishRequest;
import dev.todolist.notifier.v1.TaskEvent;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Publishes task events straight to a notifier, as todo-core's relay will. */
public final class FeedEvents implements AutoCloseable {

    private static final AtomicLong sequence = new AtomicLong();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ManagedChannel channel;

    public FeedEvents(String address) {
        this.channel = ManagedChannelBuilder.forTarget(address)
            .usePlaintext()
            .intercept(InternalToken.attach(TestTokens.INTERNAL_TOKEN))
            .build();
    }

    /** A created task as todo-core writes it into the outbox: the whole task, as {@code GET /tasks/{id}} answers. */
    public String created(long userId, long taskId, String title) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode task = JSON.createObjectNode()
            .put("id", taskId)
            .put("ID", taskId)
            .put("title", title)
            .put("completed", false)
            .put("created_at", now)
            .put("updated_at", now);
        return created(userId, taskId, title, JSON.writeValueAsString(task));
    }

    public String created(long userId, long taskId, String title, String taskJson) {
        return publish(event(userId, "task.created").setTaskId(taskId).setTitle(title).setCompleted(false)
            .setTaskJson(taskJson));
    }

    public String completed(long userId, long taskId, String title) {
        return publish(event(userId, "task.updated").setTaskId(taskId).setTitle(title).setCompleted(true)
            .addChanged("completed"));
    }

    public String bulkDeleted(long userId, int count) {
        return publish(event(userId, "tasks.deleted").setCount(count));
    }

    private String publish(TaskEvent.Builder event) {
        return NotifierGrpc.newBlockingStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .publish(PublishRequest.newBuilder().setEvent(event).build())
            .getNotificationId();
    }

    private static TaskEvent.Builder event(long userId, String type) {
        Instant now = Instant.now();
        return TaskEvent.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setUserId(userId)
            .setType(type)
            .setSequence(sequence.incrementAndGet())
            .setAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()));
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
