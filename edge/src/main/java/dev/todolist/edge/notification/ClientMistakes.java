package dev.todolist.edge.notification;

import java.util.function.Predicate;

import io.grpc.Status;

/**
 * The notifier's answers that say the request was wrong, not that the notifier is unwell: the circuit breaker
 * ignores them (Resilience4j's {@code ignore-exception-predicate} of the instance {@code notifier}).
 */
public class ClientMistakes implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable error) {
        Status.Code code = Status.fromThrowable(error).getCode();
        return code == Status.Code.INVALID_ARGUMENT;
    }
}
