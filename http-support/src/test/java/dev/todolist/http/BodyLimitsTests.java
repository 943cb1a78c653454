package dev.todolist.http;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class BodyLimitsTests {

    @Test
    void theSentenceNamesTheLimitInTheLargestExactUnit() {
        assertThat(BodyLimits.tooLargeDetail(DataSize.ofMegabytes(1))).isEqualTo("The request body is larger than 1 MiB.");
        assertThat(BodyLimits.tooLargeDetail(DataSize.parse("512KB"))).isEqualTo(
                "The request body is larger than 512 KiB.");
        assertThat(BodyLimits.tooLargeDetail(DataSize.ofBytes(1500))).isEqualTo(
                "The request body is larger than 1500 bytes.");
    }

    @Test
    void theDeadlineSentenceNamesTheSetting() {
        assertThat(BodyLimits.tooSlowDetail(Duration.ofSeconds(30)))
            .isEqualTo("The whole request body must arrive within 30 s.");
        assertThat(BodyLimits.tooSlowDetail(Duration.ofMillis(1500)))
            .isEqualTo("The whole request body must arrive within 1500 ms.");
    }
}
