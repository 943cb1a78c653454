package dev.todolist.todo.outbox;

import java.util.Set;
import java.util.function.Predicate;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.grpc.Status;

/**
 * Which failures of a publish are the notifier's (recorded by the circuit breaker, worth retrying) and which are
 * the event's own (the notifier refused this event: retrying cannot help, it is parked at once). Of the notifier's,
 * the transient ones ({@link #isTransient}) count no attempt; the rest ({@code INTERNAL}, {@code UNKNOWN}, …: the
 * notifier failed on this event) count towards parking. Named by class in application.yaml as the breaker's
 * {@code record-failure-predicate}.
 */
public class NotifierFaults implements Predicate<Throwable> {

    private static final Set<Status.Code> EVENT_FAULTS = Set.of(Status.Code.INVALID_ARGUMENT,
            Status.Code.FAILED_PRECONDITION, Status.Code.OUT_OF_RANGE, Status.Code.ALREADY_EXISTS,
            Status.Code.NOT_FOUND);

    private static final Set<Status.Code> TRANSIENT = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED, Status.Code.CANCELLED);

    /** {@code true}: the notifier failed (down, slow, erroring); {@code false}: it refused this event. */
    @Override
    public boolean test(Throwable error) {
        return !isEventFault(error);
    }

    static boolean isEventFault(Throwable error) {
        return EVENT_FAULTS.contains(Status.fromThrowable(error).getCode());
    }

    /**
     * The notifier is down, hung or overloaded, or cannot reach its own database: nothing is wrong with the event, so
     * it counts no attempt however long this lasts. {@code UNAVAILABLE} is also what the notifier answers when its
     * database is down or slow; {@code DEADLINE_EXCEEDED} is a call it did not answer in time.
     */
    static boolean isTransient(Throwable error) {
        return isUnreachable(error) || TRANSIENT.contains(Status.fromThrowable(error).getCode());
    }

    /**
     * The notifier was not reached at all: the breaker refused the call, or the transport failed (refused or reset
     * connection, unknown host). grpc-java gives such a status the transport's exception as its cause; a status
     * the notifier itself answered (even {@code UNAVAILABLE}) has none.
     */
    static boolean isUnreachable(Throwable error) {
        if (error instanceof CallNotPermittedException) {
            return true;
        }
        Status status = Status.fromThrowable(error);
        return status.getCode() == Status.Code.UNAVAILABLE && status.getCause() != null;
    }
}
