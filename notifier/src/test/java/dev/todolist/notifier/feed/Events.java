package dev.todolist.notifier.feed;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.Timestamp;

import dev.todolist.notifier.v1.PublishRequest;
import dev.todolist.notifier.v1.TaskEvent;

/** Well-formed events for the tests, each with a new event id and the next sequence number. */
final class Events {

    /** The internal credential of the notifiers these tests start, which their calls show. */
    static final String INTERNAL_TOKEN = "notifier-tests-internal-token-0123456789";

    static final String TRUST = "notifier.trust.internal-token=" + INTERNAL_TOKEN;

    private static final AtomicLong sequence = new AtomicLong();

    private static final AtomicLong users = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private Events() {
    }

    /** A user id no other test uses (the feed has no users table: any positive id is a user). */
    static long newUser() {
        return users.incrementAndGet();
    }

    static TaskEvent.Builder created(long userId, long taskId, String title) {
        return base(userId, "task.created").setTaskId(taskId)
            .setTitle(title)
            .setCompleted(false)
            .setTaskJson("{\"id\":" + taskId + ",\"title\":\"" + title + "\",\"completed\":false}");
    }

    static TaskEvent.Builder completed(long userId, long taskId, String title) {
        return base(userId, "task.updated").setTaskId(taskId)
            .setTitle(title)
            .setCompleted(true)
            .addChanged("completed")
            .setTaskJson("{\"id\":" + taskId + ",\"title\":\"" + title + "\",\"completed\":true}");
    }

    static TaskEvent.Builder deleted(long userId, long taskId, String title) {
        return base(userId, "task.deleted").setTaskId(taskId).setTitle(title).setCompleted(true);
    }

    static TaskEvent.Builder bulkDeleted(long userId, int count) {
        return base(userId, "tasks.deleted").setCount(count);
    }

    static PublishRequest request(TaskEvent.Builder event) {
        return PublishRequest.newBuilder().setEvent(event).build();
    }

    private static TaskEvent.Builder base(long userId, String type) {
        Instant now = Instant.now();
        return TaskEvent.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setUserId(userId)
            .setType(type)
            .setSequence(sequence.incrementAndGet())
            .setAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()));
    }
}
