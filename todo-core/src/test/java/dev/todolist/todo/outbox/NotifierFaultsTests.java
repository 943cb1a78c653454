package dev.todolist.todo.outbox;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;

import io.grpc.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** Which of the notifier's answers count an attempt of the event and which do not. */
class NotifierFaultsTests {

    @Test
    void anOutageHangOrOverloadOfTheNotifierIsTransient() {
        assertThat(NotifierFaults.isTransient(
                Status.UNAVAILABLE.withDescription("the feed's database is unavailable").asRuntimeException())).isTrue();
        assertThat(NotifierFaults.isTransient(Status.UNAVAILABLE.withCause(new ConnectException("refused"))
            .asRuntimeException())).isTrue();
        assertThat(NotifierFaults.isTransient(Status.DEADLINE_EXCEEDED.asRuntimeException())).isTrue();
        assertThat(NotifierFaults.isTransient(Status.RESOURCE_EXHAUSTED.asRuntimeException())).isTrue();
    }

    @Test
    void whatTheNotifierFailsOnOrRefusesCounts() {
        assertThat(NotifierFaults.isTransient(Status.INTERNAL.asRuntimeException())).isFalse();
        assertThat(NotifierFaults.isTransient(Status.INVALID_ARGUMENT.asRuntimeException())).isFalse();
        assertThat(NotifierFaults.isEventFault(Status.INVALID_ARGUMENT.asRuntimeException())).isTrue();
        assertThat(NotifierFaults.isEventFault(Status.DEADLINE_EXCEEDED.asRuntimeException())).isFalse();
    }
}
