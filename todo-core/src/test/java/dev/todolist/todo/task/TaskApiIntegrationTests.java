package dev.todolist.todo.task;

import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.todolist.testsupport.TestDatabase;
import dev.todolist.todo.ApiClient;
import dev.todolist.testsupport.NettyLeakDetection;
import dev.todolist.todo.TestTasks;
import dev.todolist.todo.TestUsers;

import static dev.todolist.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.matchesPattern;

/** The contract's /tasks table through real HTTP against the real database. */
@ExtendWith(NettyLeakDetection.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class TaskApiIntegrationTests {

    static final TestDatabase db = TestDatabase.create(TaskApiIntegrationTests.class);

    static final String UTC_SECONDS = "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        db.registerR2dbc(registry);
    }

    @LocalServerPort
    int port;

    long alice;

    long bob;

    WebTestClient asAlice;

    WebTestClient asBob;

    @BeforeEach
    void users() {
        alice = TestUsers.create(db);
        bob = TestUsers.create(db);
        asAlice = ApiClient.asUser(port, alice);
        asBob = ApiClient.asUser(port, bob);
    }

    @Test
    void createAnswers201WithLocationAndTheTrimmedTask() {
        asAlice.post().uri("/tasks").bodyValue("{\"title\":\"  Buy milk \\t\"}").exchange()
            .expectStatus().isCreated()
            .expectHeader().contentType(MediaType.APPLICATION_JSON)
            .expectHeader().value("Location", matchesPattern("^/tasks/\\d+$"))
            .expectBody()
            .jsonPath("$.id").isNumber()
            .jsonPath("$.ID").value(id -> assertThat(id).isNotNull())
            .jsonPath("$.title").isEqualTo("Buy milk")
            .jsonPath("$.completed").isEqualTo(false)
            .jsonPath("$.created_at").value(matchesPattern(UTC_SECONDS))
            .jsonPath("$.updated_at").value(matchesPattern(UTC_SECONDS));
    }

    @Test
    void idAndUpperCaseIdAreTheSameAndTheLocationLeadsToTheTask() {
        String location = asAlice.post().uri("/tasks").bodyValue("{\"title\":\"locate me\"}").exchange()
            .expectStatus().isCreated()
            .expectBody(Map.class).returnResult().getResponseHeaders().getFirst("Location");
        Map<?, ?> task = create(asAlice, "and me");
        assertThat(task.get("ID")).isEqualTo(task.get("id"));
        assertThat(location).isNotNull().isNotEqualTo("/tasks/" + task.get("id"));

        asAlice.get().uri(location).exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.title").isEqualTo("locate me");
    }

    @Test
    void listIsTheCallersTasksOldestFirst() {
        create(asAlice, "first");
        create(asBob, "bob's");
        create(asAlice, "second");
        create(asAlice, "third");

        asAlice.get().uri("/tasks").exchange()
            .expectStatus().isOk()
            .expectHeader().contentType(MediaType.APPLICATION_JSON)
            .expectBody().jsonPath("$[*].title").isEqualTo(List.of("first", "second", "third"));
        asBob.get().uri("/tasks").exchange()
            .expectBody().jsonPath("$[*].title").isEqualTo(List.of("bob's"));
    }

    @Test
    void aListThatFitsInAPageComesWithItsLengthAndALongerOneStreamsWhole() {
        create(asAlice, "first");
        create(asAlice, "second");
        EntityExchangeResult<byte[]> whole = asAlice.get().uri("/tasks").exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$[*].title").isEqualTo(List.of("first", "second"))
            .returnResult();
        assertThat(whole.getResponseHeaders().getContentLength()).isEqualTo(whole.getResponseBody().length);
        assertThat(whole.getResponseHeaders().get(HttpHeaders.TRANSFER_ENCODING)).isNull();

        TestTasks.insert(db, bob, ListingPage.SIZE + 1, "one of many");
        EntityExchangeResult<byte[]> streamed = asBob.get().uri("/tasks").exchange()
            .expectStatus().isOk()
            .expectHeader().contentType(MediaType.APPLICATION_JSON)
            .expectBody().jsonPath("$.length()").isEqualTo(ListingPage.SIZE + 1)
            .returnResult();
        assertThat(streamed.getResponseHeaders().get(HttpHeaders.TRANSFER_ENCODING)).containsExactly("chunked");
    }

    @Test
    void emptyListIsAnEmptyArray() {
        asAlice.get().uri("/tasks").exchange().expectStatus().isOk().expectBody().json("[]");
    }

    @Test
    void listFiltersByCompletedAndPagesWithLimitAndOffset() {
        for (int i = 1; i <= 5; i++) {
            Map<?, ?> task = create(asAlice, "task " + i);
            if (i % 2 == 0) {
                asAlice.put().uri("/tasks/" + task.get("id")).bodyValue("{\"completed\":true}").exchange()
                    .expectStatus().isOk();
            }
        }

        asAlice.get().uri("/tasks?completed=true").exchange()
            .expectBody().jsonPath("$[*].title").isEqualTo(List.of("task 2", "task 4"));
        asAlice.get().uri("/tasks?completed=false").exchange()
            .expectBody().jsonPath("$[*].title").isEqualTo(List.of("task 1", "task 3", "task 5"));
        asAlice.get().uri("/tasks?limit=2&offset=1").exchange()
            .expectBody().jsonPath("$[*].title").isEqualTo(List.of("task 2", "task 3"));
        asAlice.get().uri("/tasks?completed=false&limit=1&offset=2").exchange()
            .expectBody().jsonPath("$[*].title").isEqualTo(List.of("task 5"));
        asAlice.get().uri("/tasks?offset=10").exchange().expectBody().json("[]");
        asAlice.get().uri("/tasks?limit=1000").exchange().expectStatus().isOk();
    }

    /** The target as written: a URI template is parsed by the same rule, and its empty-named parameters dropped. */
    URI asSent(String pathAndQuery) {
        return URI.create("http://localhost:" + port + pathAndQuery);
    }

    @ParameterizedTest
    @ValueSource(strings = { "completed=yes", "completed=TRUE", "completed=1", "completed=", "limit=0", "limit=1001",
            "limit=-1", "limit=abc", "limit=1.5", "limit=99999999999999999999", "offset=-1", "offset=x",
            // a name without "=" is an empty value, not an absent one; a repeated one is refused, not its first taken
            "completed", "limit", "offset", "limit=1&limit=2", "completed=true&completed=false" })
    void badQueryValuesAre400(String query) {
        expectProblem(asAlice.get().uri("/tasks?" + query).exchange(), 400, "validation_failed");
    }

    /** It used to say "limit must be an integer from 1 to 1000." of ?limit=1&limit=2: the values joined, then read. */
    @Test
    void aRepeatedParameterIsRefusedSayingSo() {
        expectProblem(asAlice.get().uri(asSent("/tasks?limit=5&completed=true&limit=5")).exchange(), 400,
                "validation_failed")
            .jsonPath("$.detail").isEqualTo("limit is given 2 times; give it once.");
        expectProblem(asAlice.delete().uri(asSent("/tasks?completed=true&completed=true")).exchange(), 400,
                "validation_failed")
            .jsonPath("$.detail").isEqualTo("completed is given 2 times; give it once.");
    }

    @Test
    void putWithCompletedAloneChangesOnlyCompleted() {
        Map<?, ?> task = create(asAlice, "keep my title");

        asAlice.put().uri("/tasks/" + task.get("id")).bodyValue("{\"completed\":true}").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.title").isEqualTo("keep my title")
            .jsonPath("$.completed").isEqualTo(true)
            .jsonPath("$.created_at").isEqualTo(task.get("created_at"));
    }

    @Test
    void patchChangesTitleAndCompletedAndTrimsTheTitle() {
        Map<?, ?> task = create(asAlice, "old");

        asAlice.patch().uri("/tasks/" + task.get("id")).bodyValue("{\"title\":\"  new  \",\"completed\":true}")
            .exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.title").isEqualTo("new")
            .jsonPath("$.completed").isEqualTo(true);
        asAlice.patch().uri("/tasks/" + task.get("id")).bodyValue("{\"completed\":false}").exchange()
            .expectBody().jsonPath("$.completed").isEqualTo(false).jsonPath("$.title").isEqualTo("new");
    }

    @Test
    void updatingWithTheSameValuesStillAnswers200() {
        Map<?, ?> task = create(asAlice, "same");
        for (int i = 0; i < 2; i++) {
            asAlice.put().uri("/tasks/" + task.get("id")).bodyValue("{\"title\":\"same\",\"completed\":false}")
                .exchange()
                .expectStatus().isOk();
        }
    }

    @Test
    void deleteAnswers204AndTheTaskIsGone() {
        Map<?, ?> task = create(asAlice, "doomed");

        asAlice.delete().uri("/tasks/" + task.get("id")).exchange().expectStatus().isNoContent()
            .expectBody().isEmpty();

        expectProblem(asAlice.get().uri("/tasks/" + task.get("id")).exchange(), 404, "not_found");
        expectProblem(asAlice.delete().uri("/tasks/" + task.get("id")).exchange(), 404, "not_found");
    }

    @Test
    void anotherUsersTaskIs404ForEveryMethodAndStaysUntouched() {
        Map<?, ?> task = create(asAlice, "alice's secret");
        String uri = "/tasks/" + task.get("id");

        expectProblem(asBob.get().uri(uri).exchange(), 404, "not_found");
        expectProblem(asBob.put().uri(uri).bodyValue("{\"completed\":true}").exchange(), 404, "not_found");
        expectProblem(asBob.patch().uri(uri).bodyValue("{\"title\":\"pwned\"}").exchange(), 404, "not_found");
        expectProblem(asBob.delete().uri(uri).exchange(), 404, "not_found");
        asBob.delete().uri("/tasks").exchange().expectStatus().isNoContent();

        asAlice.get().uri(uri).exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.title").isEqualTo("alice's secret").jsonPath("$.completed").isEqualTo(false);
    }

    @Test
    void deleteAllRemovesOnlyTheCallersTasksAndHonoursCompleted() {
        Map<?, ?> done = create(asAlice, "done");
        create(asAlice, "open");
        create(asBob, "bob keeps this");
        asAlice.put().uri("/tasks/" + done.get("id")).bodyValue("{\"completed\":true}").exchange();

        asAlice.delete().uri("/tasks?completed=true").exchange().expectStatus().isNoContent();
        asAlice.get().uri("/tasks").exchange().expectBody().jsonPath("$[*].title").isEqualTo(List.of("open"));

        create(asAlice, "open 2");
        asAlice.delete().uri("/tasks?completed=false").exchange().expectStatus().isNoContent();
        asAlice.get().uri("/tasks").exchange().expectBody().json("[]");

        create(asAlice, "again");
        asAlice.delete().uri("/tasks").exchange().expectStatus().isNoContent();
        asAlice.get().uri("/tasks").exchange().expectBody().json("[]");
        asBob.get().uri("/tasks").exchange().expectBody().jsonPath("$[*].title").isEqualTo(List.of("bob keeps this"));

        expectProblem(asAlice.delete().uri("/tasks?completed=maybe").exchange(), 400, "validation_failed");
        // a slip of the pen deletes nothing: "?completed" used to be read as no filter, and deleted every task
        create(asAlice, "kept");
        expectProblem(asAlice.delete().uri("/tasks?completed").exchange(), 400, "validation_failed");
        // nor does a parameter the bulk delete does not take: "?limit=1" used to delete every task
        for (String query : List.of("limit=1", "offset=5", "limit", "title=kept", "completed=true&limit=1")) {
            expectProblem(asAlice.delete().uri("/tasks?" + query).exchange(), 400, "validation_failed");
        }
        // nor a parameter without a name: Spring's query reading skipped it, so "?=" deleted every task and
        // "?=completed=false" read as completed=false
        for (String query : List.of("=", "=1", "=completed=false", "completed=false&=")) {
            expectProblem(asAlice.delete().uri(asSent("/tasks?" + query)).exchange(), 400, "validation_failed")
                .jsonPath("$.detail").isEqualTo("DELETE /tasks takes only ?completed=true or false; a parameter "
                        + "without a name is not one of its parameters.");
        }
        asAlice.get().uri("/tasks").exchange().expectBody().jsonPath("$[*].title").isEqualTo(List.of("kept"));
    }

    static Stream<Arguments> invalidNewTasks() {
        return Stream.of(Arguments.of("{}", "validation_failed"), Arguments.of("{\"title\":null}", "validation_failed"),
                Arguments.of("{\"title\":123}", "validation_failed"),
                Arguments.of("{\"title\":true}", "validation_failed"),
                Arguments.of("{\"title\":[\"a\"]}", "validation_failed"),
                Arguments.of("{\"title\":{\"x\":1}}", "validation_failed"),
                Arguments.of("{\"title\":\"   \"}", "validation_failed"),
                Arguments.of("{\"title\":\"\\u00a0\\u2003\\u202f\\ufeff\"}", "validation_failed"),
                Arguments.of("{\"title\":\"" + "a".repeat(256) + "\"}", "validation_failed"),
                Arguments.of("{\"title\":\"" + "😀".repeat(256) + "\"}", "validation_failed"),
                Arguments.of("{\"title\":\"\\ud800 lone surrogate\"}", "validation_failed"),
                Arguments.of("[]", "malformed_json"), Arguments.of("[{\"title\":\"a\"}]", "malformed_json"),
                Arguments.of("\"title\"", "malformed_json"), Arguments.of("null", "malformed_json"),
                Arguments.of("42", "malformed_json"), Arguments.of("{\"title\":\"a\"} {\"title\":\"b\"}", "malformed_json"),
                Arguments.of("{\"title\":\"a\"}garbage", "malformed_json"), Arguments.of("{\"title\":", "malformed_json"),
                Arguments.of("{'title':'a'}", "malformed_json"), Arguments.of("", "malformed_json"),
                Arguments.of("[".repeat(5000), "malformed_json"),
                Arguments.of("{\"title\":\"a\",\"title\":\"b\"}", "malformed_json"));
    }

    @ParameterizedTest
    @MethodSource("invalidNewTasks")
    void invalidNewTaskIs400AndNothingIsStored(String body, String code) {
        expectProblem(asAlice.post().uri("/tasks").bodyValue(body).exchange(), 400, code);
        asAlice.get().uri("/tasks").exchange().expectBody().json("[]");
    }

    static Stream<Arguments> invalidChanges() {
        return Stream.of(Arguments.of("{}", "validation_failed"), Arguments.of("{\"other\":1}", "validation_failed"),
                Arguments.of("{\"completed\":\"true\"}", "validation_failed"),
                Arguments.of("{\"completed\":1}", "validation_failed"),
                Arguments.of("{\"completed\":0}", "validation_failed"),
                Arguments.of("{\"completed\":null}", "validation_failed"),
                Arguments.of("{\"completed\":1e999}", "validation_failed"),
                Arguments.of("{\"completed\":123456789012345678901234567890}", "validation_failed"),
                Arguments.of("{\"title\":123}", "validation_failed"), Arguments.of("{\"title\":\"\"}", "validation_failed"),
                Arguments.of("{\"title\":null,\"completed\":true}", "validation_failed"),
                Arguments.of("{\"completed\":true}]", "malformed_json"), Arguments.of("true", "malformed_json"),
                Arguments.of("{\"completed\":true,\"completed\":false}", "malformed_json"));
    }

    @ParameterizedTest
    @MethodSource("invalidChanges")
    void invalidChangesAre400AndTheTaskStaysAsItWas(String body, String code) {
        Map<?, ?> task = create(asAlice, "unchanged");
        String uri = "/tasks/" + task.get("id");

        expectProblem(asAlice.put().uri(uri).bodyValue(body).exchange(), 400, code);
        expectProblem(asAlice.patch().uri(uri).bodyValue(body).exchange(), 400, code);

        asAlice.get().uri(uri).exchange()
            .expectBody().jsonPath("$.title").isEqualTo("unchanged").jsonPath("$.completed").isEqualTo(false);
    }

    @Test
    void unknownMembersAreIgnored() {
        Map<?, ?> task = asAlice.post().uri("/tasks")
            .bodyValue("{\"title\":\"ignore the rest\",\"completed\":true,\"user_id\":" + bob + ",\"id\":987654321}")
            .exchange()
            .expectStatus().isCreated()
            .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(task.get("completed")).isEqualTo(false);
        assertThat(task.get("id")).isNotEqualTo(987654321);
        // Alice's task, whatever user_id said
        asAlice.get().uri("/tasks/" + task.get("id")).exchange().expectStatus().isOk();
        asBob.get().uri("/tasks/" + task.get("id")).exchange().expectStatus().isNotFound();
    }

    @Test
    void titlesOf255CodePointsOfEmojiAreStoredByteForByte() {
        String title = "👩‍💻".repeat(85);
        assertThat(title.codePointCount(0, title.length())).isEqualTo(255);

        Map<?, ?> task = create(asAlice, title);

        assertThat(task.get("title")).isEqualTo(title);
        asAlice.get().uri("/tasks/" + task.get("id")).exchange().expectBody().jsonPath("$.title").isEqualTo(title);
    }

    @Test
    void titlesAreTrimmedOfUnicodeWhiteSpaceAndKeepTheirControlCharacters() {
        // Java's isWhitespace took the information separators U+001C-U+001F for spaces and left U+0085 (NEL)
        String separated = "\u001c\u001fseparated\u001e";
        assertThat(create(asAlice, separated).get("title")).isEqualTo(separated);
        assertThat(create(asAlice, "\u0085\u2028\u3000 spaced \t\u00a0\u0085").get("title")).isEqualTo("spaced");
        expectProblem(asAlice.post().uri("/tasks").bodyValue("{\"title\":\"\\u0085\"}").exchange(), 400,
                "validation_failed");
    }

    @ParameterizedTest
    @ValueSource(strings = { "'); DROP TABLE tasks;--", "Robert\"); DELETE FROM users; --", "1 OR 1=1",
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "%s%n%x", "${jndi:ldap://x}", "\\u0000 null byte \u0000 inside",
            "тест 测试 עברית 🧪🚀", "line\nbreak\ttab" })
    void hostileLookingTitlesAreStoredVerbatim(String title) {
        Map<?, ?> task = create(asAlice, title);

        assertThat(task.get("title")).isEqualTo(title.strip());
        asAlice.get().uri("/tasks").exchange().expectBody().jsonPath("$[0].title").isEqualTo(title.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc", "0", "-1", "1.5", "1e3", "99999999999999999999", "9223372036854775808", "+1",
            "0x10", " " })
    void taskIdsThatAreNotPositive64BitIntegersAre400(String id) {
        expectProblem(asAlice.get().uri("/tasks/" + id).exchange(), 400, "invalid_id");
        expectProblem(asAlice.delete().uri("/tasks/" + id).exchange(), 400, "invalid_id");
    }

    /** 019909 was the task, a spelling of over 19 characters (00000000000000019909) invalid_id. */
    @Test
    void leadingZerosNameTheSameTaskHoweverMany() {
        Object id = create(asAlice, "zero-padded").get("id");
        for (String padded : List.of("0" + id, "0".repeat(20) + id, "0".repeat(40) + id)) {
            asAlice.get().uri("/tasks/" + padded).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo(id);
        }
        expectProblem(asAlice.get().uri("/tasks/" + "0".repeat(30)).exchange(), 400, "invalid_id");
        expectProblem(asAlice.get().uri("/tasks/0" + "9".repeat(20)).exchange(), 400, "invalid_id");
    }

    @Test
    void theLargestIdIsAValidIdThatIsNotFound() {
        expectProblem(asAlice.get().uri("/tasks/9223372036854775807").exchange(), 404, "not_found");
    }

    @Test
    void wrongContentTypeIs415() {
        expectProblem(asAlice.post().uri("/tasks").contentType(MediaType.TEXT_PLAIN).bodyValue("{\"title\":\"a\"}")
            .exchange(), 415, "unsupported_media_type");
        expectProblem(asAlice.post().uri("/tasks").contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .bodyValue("title=a").exchange(), 415, "unsupported_media_type");
    }

    @Test
    void bodyOverOneMebibyteIs413() {
        String body = "{\"title\":\"" + "a".repeat(1024 * 1024) + "\"}";
        expectProblem(asAlice.post().uri("/tasks").bodyValue(body).exchange(), 413, "payload_too_large");
    }

    @Test
    void unknownRouteIs404AndWrongMethodIs405WithAllow() {
        expectProblem(asAlice.get().uri("/nope").exchange(), 404, "not_found");
        expectProblem(asAlice.get().uri("/tasks/1/extra").exchange(), 404, "not_found");
        WebTestClient.ResponseSpec notAllowed = asAlice.post().uri("/tasks/1").bodyValue("{}").exchange();
        notAllowed.expectHeader().value("Allow", allow -> assertThat(allow).contains("GET", "PUT", "PATCH", "DELETE"));
        expectProblem(notAllowed, 405, "method_not_allowed");
    }

    @Test
    void optionsNamesAcceptPatchOnlyWherePatchIsServed() {
        // WebFlux's own OPTIONS answer said "Accept-Patch: " (empty) on /tasks, which has no PATCH
        asAlice.options().uri("/tasks").exchange()
            .expectStatus().isOk()
            .expectHeader().value(HttpHeaders.ALLOW, allow -> assertThat(allow).contains("GET", "POST")
                .doesNotContain("PATCH"))
            .expectHeader().doesNotExist(HttpHeaders.ACCEPT_PATCH);
        asAlice.options().uri("/tasks/1").exchange()
            .expectStatus().isOk()
            .expectHeader().value(HttpHeaders.ALLOW, allow -> assertThat(allow).contains("PATCH"))
            .expectHeader().valueEquals(HttpHeaders.ACCEPT_PATCH, "application/json");
    }

    @Test
    void headAnswersLikeGetWithoutABody() {
        create(asAlice, "for head");
        asAlice.head().uri("/tasks").exchange()
            .expectStatus().isOk()
            .expectHeader().contentType(MediaType.APPLICATION_JSON)
            .expectBody().isEmpty();
    }

    @Test
    void headOfOneTaskAnswersLikeGetWithoutABody() {
        Map<?, ?> task = create(asAlice, "head me");
        asAlice.head().uri("/tasks/" + task.get("id")).exchange()
            .expectStatus().isOk()
            .expectHeader().contentType(MediaType.APPLICATION_JSON)
            .expectBody().isEmpty();
        asBob.head().uri("/tasks/" + task.get("id")).exchange().expectStatus().isNotFound();
    }

    @Test
    void askingForAnythingButJsonIs406() {
        expectProblem(asAlice.get().uri("/tasks").accept(MediaType.TEXT_PLAIN).exchange(), 406, "not_acceptable")
            .jsonPath("$.detail").isEqualTo("This resource is only available as application/json.");
    }

    @Test
    void anAcceptOfTooManyMediaTypesIs406NotAFailure() {
        // Spring caps an Accept at 50 media types; past that its routing failed with a 500
        String many = String.join(",", Collections.nCopies(51, "application/json"));
        expectProblem(asAlice.get().uri("/tasks").header("Accept", many).exchange(), 406, "not_acceptable");
    }

    /**
     * Spring took the accepted type's parameters for the answer's: a charset made the JSON encoder refuse it, a 500
     * after the task had been created; another parameter came back in the answer's Content-Type.
     */
    @Test
    void anAcceptedTypesParametersAreNotTheAnswers() {
        for (String accept : List.of("application/json;charset=iso-8859-1", "application/json; charset=utf-16",
                "application/json;version=2", "application/*;charset=latin1;q=0.9", "application/json;charset=UTF-7",
                "application/json;charset=bogus", "*/*;charset=\"x;y\"")) {
            asAlice.post().uri("/tasks").header("Accept", accept).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "caf\u00e9 " + accept)).exchange()
                .expectStatus().isCreated()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("caf\u00e9 " + accept);
            asAlice.get().uri("/tasks").header("Accept", accept).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON);
        }
    }

    /** They were 406, and the task stayed: a 204 has no content for an Accept to be about. */
    @Test
    void aDeletionAnswersWhateverTheClientAccepts() {
        Map<?, ?> task = create(asAlice, "delete me");
        asAlice.delete().uri("/tasks/" + task.get("id")).header("Accept", "text/plain").exchange()
            .expectStatus().isNoContent();
        asAlice.get().uri("/tasks/" + task.get("id")).exchange().expectStatus().isNotFound();
        asAlice.delete().uri("/tasks?completed=true").header("Accept", "text/html").exchange()
            .expectStatus().isNoContent();
        expectProblem(asAlice.delete().uri("/tasks/" + task.get("id")).header("Accept", "text/plain").exchange(), 404,
                "not_found");
        expectProblem(asAlice.get().uri("/tasks/" + task.get("id")).header("Accept", "text/plain").exchange(), 406,
                "not_acceptable");
    }

    /** A client that sent If-Match with the tag it had seen overwrote a change it had not: preconditions were ignored. */
    @Test
    void aChangeConditionalOnATagTheTaskNoLongerHasIs412AndChangesNothing() {
        Map<?, ?> task = create(asAlice, "conditional");
        String uri = "/tasks/" + task.get("id");
        String seen = etag(asAlice.get().uri(uri).exchange().expectStatus().isOk());
        String now = etag(asAlice.patch().uri(uri).header("If-Match", seen).bodyValue("{\"title\":\"second\"}")
            .exchange().expectStatus().isOk());
        assertThat(now).isNotEqualTo(seen);

        expectProblem(asAlice.put().uri(uri).header("If-Match", seen).bodyValue("{\"title\":\"lost\"}").exchange(),
                412, "precondition_failed").jsonPath("$.detail").value(detail -> assertThat((String) detail)
                    .contains(now));
        expectProblem(asAlice.delete().uri(uri).header("If-Match", "\"other\", " + seen).exchange(), 412,
                "precondition_failed");
        expectProblem(asAlice.patch().uri(uri).header("If-Unmodified-Since", "Thu, 01 Jan 1970 00:00:00 GMT")
            .bodyValue("{\"completed\":true}").exchange(), 412, "precondition_failed");
        asAlice.get().uri(uri).exchange().expectStatus().isOk().expectHeader().valueEquals("ETag", now)
            .expectBody().jsonPath("$.title").isEqualTo("second").jsonPath("$.completed").isEqualTo(false);

        asAlice.get().uri(uri).header("If-None-Match", now).exchange().expectStatus().isNotModified()
            .expectHeader().valueEquals("ETag", now).expectBody().isEmpty();
        asAlice.get().uri(uri).header("If-None-Match", seen).exchange().expectStatus().isOk();
        String last = etag(asAlice.patch().uri(uri).header("If-Unmodified-Since", "Fri, 01 Jan 2100 00:00:00 GMT")
            .header("If-Match", "\"other\", " + now).bodyValue("{\"completed\":true}").exchange()
            .expectStatus().isOk());
        // as a compressing proxy (the GUI's nginx) hands it on
        asAlice.delete().uri(uri).header("If-Match", "W/" + last).exchange().expectStatus().isNoContent();
        expectProblem(asAlice.delete().uri(uri).header("If-Match", "*").exchange(), 404, "not_found");
    }

    /**
     * A broken If-Match with a star in it counted as "*" (Spring's lenient parsing), and a tag followed by junk as
     * that tag: a broken condition made an unconditional write. Dates before 1970, and the RFC 850 and asctime
     * forms every recipient must read, were taken for no date at all.
     */
    @Test
    void aBrokenConditionIsNeverAWildcardAndEveryHttpDateFormCounts() {
        Map<?, ?> task = create(asAlice, "strict");
        String uri = "/tasks/" + task.get("id");
        String now = etag(asAlice.get().uri(uri).exchange().expectStatus().isOk());
        for (String broken : List.of("x*", "**", "W/*", "* *", now + "junk", now + " garbage", "\"*\"", "")) {
            expectProblem(asAlice.patch().uri(uri).header("If-Match", broken).bodyValue("{\"completed\":true}")
                .exchange(), 412, "precondition_failed");
        }
        for (String past : List.of("Mon, 01 Jan 1900 00:00:00 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
                "Friday, 31-Dec-76 23:59:59 GMT", "Sun Nov  6 08:49:37 1994")) {
            expectProblem(asAlice.delete().uri(uri).header("If-Unmodified-Since", past).exchange(), 412,
                    "precondition_failed");
        }
        asAlice.patch().uri(uri).header("If-Match", "\"a,b\", " + now).bodyValue("{\"completed\":true}").exchange()
            .expectStatus().isOk();
    }

    /** Each write reads the task inside its own transaction, the user's writes one after another. */
    @Test
    void ofChangesRacingWithTheSameTagExactlyOneGoesThrough() {
        Map<?, ?> task = create(asAlice, "raced");
        String uri = "/tasks/" + task.get("id");
        String seen = etag(asAlice.get().uri(uri).exchange().expectStatus().isOk());
        List<CompletableFuture<Integer>> racing = IntStream.range(0, 8)
            .mapToObj(i -> CompletableFuture.supplyAsync(() -> asAlice.patch().uri(uri).header("If-Match", seen)
                .bodyValue("{\"title\":\"writer " + i + "\"}").exchange().returnResult(byte[].class).getStatus()
                .value()))
            .toList();
        List<Integer> statuses = racing.stream().map(CompletableFuture::join).toList();
        assertThat(statuses).containsOnly(200, 412).filteredOn(status -> status == 200).hasSize(1);
    }

    private static String etag(WebTestClient.ResponseSpec answer) {
        String etag = answer.returnResult(byte[].class).getResponseHeaders().getETag();
        assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"");
        return etag;
    }

    @Test
    void bodylessRequestsWithAJsonContentTypeAreFine() {
        Map<?, ?> task = create(asAlice, "x");
        asAlice.get().uri("/tasks").header("Content-Type", "application/json").exchange().expectStatus().isOk();
        asAlice.delete().uri("/tasks/" + task.get("id")).header("Content-Type", "application/json").exchange()
            .expectStatus().isNoContent();
    }

    @Test
    void errorsNeverLeakInternals() {
        String[] bodies = { "{\"title\":", "{\"completed\":\"x\"}", "[".repeat(5000) };
        for (String body : bodies) {
            String response = new String(asAlice.post().uri("/tasks").bodyValue(body).exchange()
                .expectBody().returnResult().getResponseBodyContent());
            assertThat(response).doesNotContainIgnoringCase("exception")
                .doesNotContain("java.", "tools.jackson", "at [Source", "SQL", "trace", "org.springframework");
        }
    }

    private static Map<?, ?> create(WebTestClient client, String title) {
        return client.post().uri("/tasks").bodyValue(Map.of("title", title)).exchange()
            .expectStatus().isCreated()
            .expectBody(Map.class).returnResult().getResponseBody();
    }
}
