package dev.todolist.http;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LogBudgetTests {

    private static final Logger LOG = LoggerFactory.getLogger(LogBudgetTests.class);

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

    private final LogBudget budget = new LogBudget(3, nanos::get, LOG, "test lines", "a metric", null);

    @Test
    void allowsItsLinesPerSecondThenLeavesOutAndCountsTheRest() {
        assertThat(budget.take("401 invalid_token")).isTrue();
        assertThat(budget.take("401 invalid_token")).isTrue();
        assertThat(budget.take("401 invalid_token")).isTrue();
        assertThat(budget.take("401 invalid_token")).isFalse();
        assertThat(budget.take("401 invalid_token")).isFalse();
        nanos.addAndGet(999_999_999L - 500_000_000L); // still the same second
        assertThat(budget.take("401 invalid_token")).isFalse();
        nanos.addAndGet(600_000_000L); // the next second
        assertThat(budget.take("401 invalid_token")).isTrue();
        assertThat(budget.leftOut()).isEqualTo(Map.of("401 invalid_token", 3L));
        assertThat(budget.leftOut()).as("handed over once").isEmpty();
    }

    /** A flood of one kind used to take every line of its second: the 429s that came with it left none. */
    @Test
    void eachKindHasItsOwnLines() {
        for (int i = 0; i < 100; i++) {
            budget.take("401 missing_token");
        }
        assertThat(budget.take("429 rate_limited")).isTrue();
        budget.take("429 rate_limited");
        budget.take("429 rate_limited");
        assertThat(budget.take("429 rate_limited")).isFalse();
        assertThat(budget.leftOut()).containsExactly(Map.entry("401 missing_token", 97L), Map.entry("429 rate_limited", 1L));
    }

    @Test
    void aBudgetAllowsAtLeastOneLine() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LogBudget(0, LOG, "test lines", "a metric"));
    }
}
