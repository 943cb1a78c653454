package dev.todolist.notifier.feed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NotificationIdsTests {

    @Test
    void idsCompareAsStringsTheWayRowIdsCompareAsNumbers() {
        assertThat(NotificationIds.format(9)).isLessThan(NotificationIds.format(10));
        assertThat(NotificationIds.format(1)).isEqualTo("0000000000000000001");
        assertThat(NotificationIds.format(Long.MAX_VALUE)).hasSize(19);
    }

    @Test
    void parsingGivesBackTheRowId() {
        assertThat(NotificationIds.parse(NotificationIds.format(42))).isEqualTo(42);
        assertThat(NotificationIds.parse("7")).isEqualTo(7);
    }

    @Test
    void anythingElseIsRefused() {
        for (String id : new String[] { "", "0", "-1", "1a", " 1", "+1", "99999999999999999999", "9223372036854775808" }) {
            assertThatIllegalArgumentException().as(id).isThrownBy(() -> NotificationIds.parse(id));
        }
    }
}
