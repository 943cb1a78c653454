package dev.todolist.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DateHeaderTests {

    @Test
    void anAnswerGetsTheCurrentTimeAsAnImfFixdate() {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        DateHeader.addTo(response);
        String date = response.headers().get(HttpHeaderNames.DATE);
        // IMF-fixdate (RFC 9110, 5.6.7): a two-digit day, GMT
        assertThat(date).matches("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        Instant sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(Duration.between(sent, Instant.now()).abs()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void anAnswerThatHasADateKeepsIt() {
        HttpResponse proxied = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        proxied.headers().set(HttpHeaderNames.DATE, "Sun, 06 Nov 1994 08:49:37 GMT");
        DateHeader.addTo(proxied);
        assertThat(proxied.headers().getAll(HttpHeaderNames.DATE)).containsExactly("Sun, 06 Nov 1994 08:49:37 GMT");
    }
}
