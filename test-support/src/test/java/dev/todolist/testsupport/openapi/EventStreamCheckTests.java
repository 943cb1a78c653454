package dev.todolist.testsupport.openapi;

import static dev.todolist.testsupport.openapi.Answers.EVENTS;
import static dev.todolist.testsupport.openapi.Answers.answer;
import static dev.todolist.testsupport.openapi.Answers.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The events of {@code GET /events}, held against the item schema of its {@code text/event-stream} answer. */
class EventStreamCheckTests {

    private static final ApiContract contract = ApiContract.load();

    private static RecordedExchange stream(String events) {
        return answer("GET", "/events", 200, headers("Content-Type", "text/event-stream;charset=UTF-8"), events);
    }

    @Test
    void aStreamOfNotificationsHeartbeatsAndTheSessionsEndIsDescribed() {
        assertThat(contract.problems(stream(EVENTS))).isEmpty();
    }

    @Test
    void eventsSplitByCrlfAreReadLikeThoseSplitByLf() {
        assertThat(contract.problems(stream(EVENTS.replace("\n", "\r\n")))).isEmpty();
    }

    @Test
    void anEventNameTheDocumentLacksIsRefusedWithTheNamesItHas() {
        assertThat(contract.problems(stream("id: 7\nevent: task.renamed\ndata: {}\n\n")))
            .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
            .contains("event 1 (task.renamed)", "no event named 'task.renamed'", "task.created", "session_ended");
    }

    @Test
    void aNotificationEventWithoutAnIdIsRefused() {
        String withoutId = EVENTS.replace("id: 0000000000000001\n", "");
        assertThat(contract.problems(stream(withoutId)))
            .anySatisfy(problem -> assertThat(problem).contains("event 1 (task.created)").contains("id"));
    }

    @Test
    void dataThatIsNotJsonIsRefused() {
        assertThat(contract.problems(stream("event: session_ended\ndata: bye\n\n")))
            .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
            .contains("data is not JSON");
    }

    @Test
    void aNotificationLackingAMemberIsRefused() {
        String withoutRead = EVENTS.replace(",\"read\":false},\"task\":{", "},\"task\":{");
        assertThat(contract.problems(stream(withoutRead)))
            .anySatisfy(problem -> assertThat(problem).contains("event 1 (task.created)").contains("read"));
    }

    @Test
    void aBulkDeleteThatNamesATaskIsRefused() {
        String named = EVENTS.replace("\"type\":\"tasks.deleted\",\"task_id\":null",
                "\"type\":\"tasks.deleted\",\"task_id\":5");
        assertThat(contract.problems(stream(named)))
            .anySatisfy(problem -> assertThat(problem).contains("event 2 (tasks.deleted)").contains("task_id"));
    }

    @Test
    void anEventWithoutADataLineIsRefusedBecauseBrowsersDropIt() {
        assertThat(contract.problems(stream("event: session_ended\n\n")))
            .anySatisfy(problem -> assertThat(problem).contains("data"));
    }

    @Test
    void anUnavailableEventMustSayWhenToRetry() {
        assertThat(contract.problems(stream("event: unavailable\nretry: 5000\ndata: {}\n\n"))).isEmpty();
        assertThat(contract.problems(stream("event: unavailable\ndata: {}\n\n")))
            .anySatisfy(problem -> assertThat(problem).contains("retry"));
    }

    @Test
    void checkEventsFailsWithEveryProblemOfTheStream() {
        assertThatThrownBy(() -> contract.checkEvents("GET", "/events", "event: nope\ndata: {}\n\n"))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("GET /events streamed events the document does not describe")
            .hasMessageContaining("no event named 'nope'");
    }

    @Test
    void checkEventsFailsWhenTheStreamHeldNoCompleteEvent() {
        for (String stream : List.of("", ": keep-alive\n\n", "event: task.created\ndata: {}")) {
            assertThatThrownBy(() -> contract.checkEvents("GET", "/events", stream))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /events streamed no complete event to check");
        }
    }

    @Test
    void commentsAndAnUnfinishedLastEventAreNotEvents() {
        assertThat(ServerSentEvents.parse(": hello\n\nevent: a\ndata: 1\n\nevent: b\ndata: 2")).singleElement()
            .satisfies(event -> assertThat(event.type()).isEqualTo("a"));
    }

    @Test
    void dataLinesAreJoinedAndOneSpaceAfterTheColonIsDropped() {
        assertThat(ServerSentEvents.parse("data:  a\ndata:b\n\n")).singleElement()
            .satisfies(event -> assertThat(event.data()).isEqualTo(" a\nb"));
    }
}
