package dev.todolist.edge.observability;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LogBudgetTests {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

    private final LogBudget budget = new LogBudget(3, nanos::get);

    @Test
    void allowsItsLinesPerSecondThenLeavesOutAndCountsTheRest() {
        assertThat(budget.take()).isZero();
        assertThat(budget.take()).isZero();
        assertThat(budget.take()).isZero();
        assertThat(budget.take()).isEqualTo(-1);
        assertThat(budget.take()).isEqualTo(-1);
        nanos.addAndGet(999_999_999L - 500_000_000L); // still the same second
        assertThat(budget.take()).isEqualTo(-1);
        nanos.addAndGet(600_000_000L); // the next second: the first line written says how many were left out
        assertThat(budget.take()).isEqualTo(3);
        assertThat(budget.take()).isZero();
    }

    @Test
    void aBudgetAllowsAtLeastOneLine() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LogBudget(0));
    }
}
