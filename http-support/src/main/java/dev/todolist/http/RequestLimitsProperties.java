package dev.todolist.http;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * What a service accepts of a request ({@code todolist.request.*}; defaults and environment variables in each
 * service's application properties): the largest body ({@code MAX_REQUEST_BODY}, also the JSON codecs' in-memory
 * limit, {@code spring.http.codecs.max-in-memory-size}) and the longest pause while a body arrives
 * ({@code REQUEST_BODY_IDLE_TIMEOUT}).
 */
@ConfigurationProperties("todolist.request")
public record RequestLimitsProperties(DataSize maxBody, Duration bodyIdleTimeout) {

    public RequestLimitsProperties {
        if (maxBody.toBytes() < 1) {
            throw new IllegalArgumentException("MAX_REQUEST_BODY must be positive");
        }
        if (bodyIdleTimeout.isNegative() || bodyIdleTimeout.isZero()) {
            throw new IllegalArgumentException("REQUEST_BODY_IDLE_TIMEOUT must be positive");
        }
    }

    /** The client's sentence for a body over the limit, e.g. "The request body is larger than 1 MiB." */
    public String tooLargeDetail() {
        return BodyLimits.tooLargeDetail(maxBody);
    }
}
