package dev.todolist.todo.task;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long a statement of todo-core's waits for a lock in the database ({@code MYSQL_LOCK_WAIT_TIMEOUT}, whole
 * seconds): a table or metadata lock ({@code lock_wait_timeout}, as a backup's global read lock takes) or a row lock
 * ({@code innodb_lock_wait_timeout}). The servers' defaults are a day and 50 s: a write stuck behind a lock outlived
 * the edge's {@code PROXY_RESPONSE_TIMEOUT} (10 s), its client got {@code 504}, and the write committed later. Below
 * it, the transaction rolls back and the client gets {@code 503} with {@code Retry-After}: what it was told is what
 * happened.
 */
@ConfigurationProperties("todo.database")
record LockWaitProperties(Duration lockWaitTimeout) {

    LockWaitProperties {
        if (lockWaitTimeout.toSeconds() < 1 || lockWaitTimeout.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(
                    "MYSQL_LOCK_WAIT_TIMEOUT must be a whole number of seconds, at least 1s, not " + lockWaitTimeout);
        }
    }

    /** The session variables every connection of the pool sets when it opens. */
    String[] sessionVariables() {
        long seconds = lockWaitTimeout.toSeconds();
        return new String[] { "lock_wait_timeout=" + seconds, "innodb_lock_wait_timeout=" + seconds };
    }
}
