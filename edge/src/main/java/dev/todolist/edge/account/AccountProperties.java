package dev.todolist.edge.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Accounts and their sessions' cookie ({@code edge.account.*}; defaults and environment variables in
 * {@code application.properties}): bcrypt's cost, the threads it may use and how many hashings may wait for one
 * (past that, 503: a burst of logins must not queue without bound), the longest a users-table query may take, and
 * whether the refresh cookie is {@code Secure}.
 */
@ConfigurationProperties("edge.account")
record AccountProperties(int bcryptCost, int bcryptThreads, int bcryptQueue, Duration queryTimeout,
        boolean cookieSecure) {

    AccountProperties {
        if (bcryptCost < 4 || bcryptCost > 31) {
            throw new IllegalArgumentException("BCRYPT_COST must be between 4 and 31");
        }
        if (bcryptQueue < 1) {
            throw new IllegalArgumentException("BCRYPT_QUEUE must be at least 1");
        }
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("USERS_QUERY_TIMEOUT must be positive");
        }
    }

    /** {@code BCRYPT_THREADS}, or half the cores when it is 0. */
    int effectiveBcryptThreads() {
        return bcryptThreads > 0 ? bcryptThreads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }
}
