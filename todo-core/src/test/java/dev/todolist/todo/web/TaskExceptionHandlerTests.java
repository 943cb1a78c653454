package dev.todolist.todo.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.r2dbc.BadSqlGrammarException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import org.springframework.util.unit.DataSize;

import dev.todolist.http.ApiException;
import dev.todolist.http.ProblemResponses;
import dev.todolist.http.RequestLimitsProperties;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults no request can cause on purpose: a database that does not answer is a 503, anything else a generic 500;
 * their details stay in the log.
 */
class TaskExceptionHandlerTests {

    private final TaskExceptionHandler handler = new TaskExceptionHandler(new ProblemResponses(codecs()),
            new RequestLimitsProperties(DataSize.ofMegabytes(1), Duration.ofSeconds(10),
                    Duration.ofSeconds(30), Duration.ofSeconds(75)), new RefusalLog());

    private static ServerCodecConfigurer codecs() {
        ServerCodecConfigurer codecs = ServerCodecConfigurer.create();
        codecs.defaultCodecs().jacksonJsonEncoder(new JacksonJsonEncoder(
                JsonMapper.builder().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build()));
        return codecs;
    }

    @Test
    void anUnexpectedExceptionIsA500ProblemThatNamesNothingInternal() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/tasks"));

        StepVerifier.create(handler.handle(exchange, new BadSqlGrammarException("list",
                "SELECT * FROM tasks WHERE user_id = 1", new R2dbcBadGrammarException("pool of tasks unknown"))))
            .expectComplete()
            .verify(Duration.ofSeconds(5));

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        String body = exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5));
        assertThat(body).contains("\"code\":\"internal_error\"", "\"status\":500", "\"error\":")
            .doesNotContain("SELECT", "pool", "Exception", "java.", "org.springframework");
    }

    @Test
    void anUnreachableDatabaseIsA503ProblemThatNamesNothingInternal() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/tasks"));

        StepVerifier.create(handler.handle(exchange, new DataAccessResourceFailureException(
                "Failed to obtain R2DBC Connection", new R2dbcNonTransientResourceException("Connection refused: db:3306"))))
            .expectComplete()
            .verify(Duration.ofSeconds(5));

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5)))
            .contains("\"code\":\"service_unavailable\"", "\"status\":503")
            .doesNotContain("R2DBC", "refused", "3306", "Exception");
    }

    @Test
    void anApiExceptionKeepsItsStatusAndCode() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/tasks"));

        StepVerifier.create(handler.handle(exchange, ApiException.badRequest("validation_failed", "limit is wrong.")))
            .expectComplete()
            .verify(Duration.ofSeconds(5));

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5)))
            .contains("\"code\":\"validation_failed\"", "\"detail\":\"limit is wrong.\"", "\"error\":\"limit is wrong.\"",
                    "\"instance\":\"/tasks\"");
    }
}
