package dev.todolist.todo.task;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long todo-core waits for its database.
 * <ul>
 * <li>{@code lockWaitTimeout} ({@code MYSQL_LOCK_WAIT_TIMEOUT}, whole seconds): how long a statement waits for a
 * table or metadata lock ({@code lock_wait_timeout}, as a backup's global read lock takes) or a row lock
 * ({@code innodb_lock_wait_timeout}). The servers' defaults are a day and 50 s: a write stuck behind a lock outlived
 * the edge's {@code PROXY_RESPONSE_TIMEOUT} (10 s), its client got {@code 504}, and the write committed later. Below
 * it, the transaction rolls back and the client gets {@code 503} with {@code Retry-After}.</li>
 * <li>{@code requestDeadline} ({@code MYSQL_REQUEST_DEADLINE}): how long a request's database work may take before
 * its client is answered {@code 503} ({@link DatabaseWork}), a change not yet committing then rolled back. It covers
 * a database that does not answer at all (stopped, or behind a network that drops packets), where no lock wait ends.
 * </li>
 * </ul>
 * Both below the edge's {@code PROXY_RESPONSE_TIMEOUT}, so that what a client is told is what happened.
 */
@ConfigurationProperties("todo.database")
record DatabaseWaitProperties(Duration lockWaitTimeout, Duration requestDeadline) {

    DatabaseWaitProperties {
        if (lockWaitTimeout.toSeconds() < 1 || lockWaitTimeout.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(
                    "MYSQL_LOCK_WAIT_TIMEOUT must be a whole number of seconds, at least 1s, not " + lockWaitTimeout);
        }
        if (requestDeadline.isNegative() || requestDeadline.isZero()) {
            throw new IllegalArgumentException("MYSQL_REQUEST_DEADLINE must be positive, not " + requestDeadline);
        }
    }

    /** The session variables every connection of the pool sets when it opens. */
    String[] sessionVariables() {
        long seconds = lockWaitTimeout.toSeconds();
        return new String[] { "lock_wait_timeout=" + seconds, "innodb_lock_wait_timeout=" + seconds };
    }
}
