package dev.todolist.http;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * What a service accepts of a request ({@code todolist.request.*}; defaults and environment variables in each
 * service's application properties): the largest body ({@code MAX_REQUEST_BODY}, also the JSON codecs' in-memory
 * limit, {@code spring.http.codecs.max-in-memory-size}), the longest pause while a body arrives
 * ({@code REQUEST_BODY_IDLE_TIMEOUT}), the longest a whole body may take to arrive ({@code REQUEST_BODY_TIMEOUT}), and
 * how long a connection may wait for a complete request head, from its opening or from its last answer
 * ({@code CONNECTION_IDLE_TIMEOUT}).
 */
@ConfigurationProperties("todolist.request")
public record RequestLimitsProperties(DataSize maxBody, Duration bodyIdleTimeout, Duration bodyTimeout,
        Duration connectionIdleTimeout) {

    public RequestLimitsProperties {
        if (maxBody.toBytes() < 1) {
            throw new IllegalArgumentException("MAX_REQUEST_BODY must be positive");
        }
        Durations.requirePositive(bodyIdleTimeout, "REQUEST_BODY_IDLE_TIMEOUT");
        Durations.requirePositive(bodyTimeout, "REQUEST_BODY_TIMEOUT");
        Durations.requirePositive(connectionIdleTimeout, "CONNECTION_IDLE_TIMEOUT");
    }

    /** The client's sentence for a body over the limit, e.g. "The request body is larger than 1 MiB." */
    public String tooLargeDetail() {
        return BodyLimits.tooLargeDetail(maxBody);
    }
}
