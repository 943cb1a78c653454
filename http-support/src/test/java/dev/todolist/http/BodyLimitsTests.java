package dev.todolist.http;

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
}
