package dev.todolist.todo.task;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.todolist.testsupport.TestDatabase;
import dev.todolist.todo.TestUsers;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's rules over the real repository and database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("test")
class TaskServiceIntegrationTests {

    static final TestDatabase db = TestDatabase.create(TaskServiceIntegrationTests.class);

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        db.registerR2dbc(registry);
    }

    @Autowired
    TaskService service;

    long owner;

    long stranger;

    @BeforeEach
    void users() {
        owner = TestUsers.create(db);
        stranger = TestUsers.create(db);
    }

    @Test
    void aListLongerThanAPageComesWholeInOrderAndItsLimitAndOffsetCrossPages() {
        int count = 2 * ListingPage.SIZE + 50;
        Flux.range(1, count).concatMap(i -> service.create(owner, "task " + i)).then().block(Duration.ofSeconds(60));
        service.create(stranger, "not the owner's").block(TIMEOUT);

        assertThat(titles(new ListQuery(null, ListQuery.UNLIMITED, 0))).isEqualTo(numbered(1, count));
        assertThat(titles(new ListQuery(null, 300, 150))).isEqualTo(numbered(151, 450));
        assertThat(titles(new ListQuery(null, ListingPage.SIZE, ListingPage.SIZE))).isEqualTo(
                numbered(ListingPage.SIZE + 1, 2 * ListingPage.SIZE));
        assertThat(titles(new ListQuery(null, ListQuery.UNLIMITED, count - 1))).isEqualTo(numbered(count, count));
        assertThat(titles(new ListQuery(false, ListQuery.UNLIMITED, 0))).hasSize(count);
        assertThat(titles(new ListQuery(true, ListQuery.UNLIMITED, 0))).isEmpty();
    }

    private List<String> titles(ListQuery query) {
        return listed(owner, query).map(Task::title).collectList().block(TIMEOUT);
    }

    /** Every row of a listing, whether it came whole or streamed. */
    private Flux<Task> listed(long user, ListQuery query) {
        return service.list(user, query).flatMapMany(Listing::tasks);
    }

    private static List<String> numbered(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "task " + i).toList();
    }

    @Test
    void createdTaskIsOpenAndOwnedWithEqualTimes() {
        StepVerifier.create(service.create(owner, "write tests"))
            .assertNext(task -> {
                assertThat(task.id()).isPositive();
                assertThat(task.userId()).isEqualTo(owner);
                assertThat(task.completed()).isFalse();
                assertThat(task.createdAt()).isEqualTo(task.updatedAt());
                assertThat(task.createdAt().getNano()).isZero();
            })
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void updateAppliesOnlyTheGivenFields() {
        Task task = service.create(owner, "original").block(TIMEOUT);

        StepVerifier.create(service.update(owner, task.id(), new TaskChanges(null, true), Preconditions.NONE))
            .assertNext(updated -> {
                assertThat(updated.title()).isEqualTo("original");
                assertThat(updated.completed()).isTrue();
            })
            .expectComplete()
            .verify(TIMEOUT);
        StepVerifier.create(service.update(owner, task.id(), new TaskChanges("renamed", null), Preconditions.NONE))
            .assertNext(updated -> {
                assertThat(updated.title()).isEqualTo("renamed");
                assertThat(updated.completed()).isTrue();
            })
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void aStrangerCanNeitherReadNorChangeNorDeleteTheTask() {
        Task task = service.create(owner, "mine").block(TIMEOUT);

        StepVerifier.create(service.get(stranger, task.id())).expectError(TaskNotFoundException.class).verify(TIMEOUT);
        StepVerifier.create(service.update(stranger, task.id(), new TaskChanges("theirs", true),
                Preconditions.NONE))
            .expectError(TaskNotFoundException.class)
            .verify(TIMEOUT);
        StepVerifier.create(service.delete(stranger, task.id(), Preconditions.NONE))
            .expectError(TaskNotFoundException.class).verify(TIMEOUT);

        StepVerifier.create(service.get(owner, task.id()))
            .assertNext(same -> assertThat(same).isEqualTo(task))
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void deletingTwiceFailsTheSecondTime() {
        Task task = service.create(owner, "once").block(TIMEOUT);

        StepVerifier.create(service.delete(owner, task.id(), Preconditions.NONE)).expectComplete().verify(TIMEOUT);
        StepVerifier.create(service.delete(owner, task.id(), Preconditions.NONE))
            .expectError(TaskNotFoundException.class).verify(TIMEOUT);
    }

    @Test
    void listPagesInCreationOrderAndFilters() {
        for (int i = 0; i < 4; i++) {
            Task task = service.create(owner, "t" + i).block(TIMEOUT);
            if (i >= 2) {
                service.update(owner, task.id(), new TaskChanges(null, true), Preconditions.NONE).block(TIMEOUT);
            }
        }

        StepVerifier.create(listed(owner, new ListQuery(null, 2, 1)).map(Task::title))
            .expectNext("t1", "t2")
            .expectComplete()
            .verify(TIMEOUT);
        StepVerifier.create(listed(owner, new ListQuery(true, ListQuery.UNLIMITED, 0)).map(Task::title))
            .expectNext("t2", "t3")
            .expectComplete()
            .verify(TIMEOUT);
        StepVerifier.create(listed(stranger, new ListQuery(null, ListQuery.UNLIMITED, 0)))
            .expectComplete()
            .verify(TIMEOUT);
    }

    @Test
    void deleteAllCountsWhatItRemoved() {
        service.create(owner, "a").block(TIMEOUT);
        Task b = service.create(owner, "b").block(TIMEOUT);
        service.update(owner, b.id(), new TaskChanges(null, true), Preconditions.NONE).block(TIMEOUT);
        service.create(stranger, "c").block(TIMEOUT);

        StepVerifier.create(service.deleteAll(owner, true)).expectNext(1L).expectComplete().verify(TIMEOUT);
        StepVerifier.create(service.deleteAll(owner, null)).expectNext(1L).expectComplete().verify(TIMEOUT);
        StepVerifier.create(listed(stranger, new ListQuery(null, ListQuery.UNLIMITED, 0)).count())
            .expectNext(1L)
            .expectComplete()
            .verify(TIMEOUT);
    }
}
