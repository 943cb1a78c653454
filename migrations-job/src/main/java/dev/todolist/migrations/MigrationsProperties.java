package dev.todolist.migrations;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the schema lives and how long to wait for it. Bound from the contract's {@code MYSQL_*} variables in
 * application.yaml; {@code MIGRATIONS_CONNECT_TIMEOUT} bounds the wait for a database that is still starting (a zero
 * or negative one would never try: refused at start, like a zero retry interval, which would hammer the server).
 * {@code MIGRATIONS_LOCK_WAIT_TIMEOUT} bounds a statement's wait for a table, metadata or row lock another session
 * holds (the servers' own {@code lock_wait_timeout} is a day); {@code MIGRATIONS_REPAIR} makes the run a repair of
 * the schema history instead of a migration.
 */
@Validated
@ConfigurationProperties("migrations")
record MigrationsProperties(@NotBlank(message = "must be set (MYSQL_HOST)") String host, @DefaultValue("3306") int port,
        @NotBlank(message = "must be set (MYSQL_DATABASE)") String database,
        @NotBlank(message = "must be set (MYSQL_USER)") String user, @DefaultValue("") String password,
        @DurationMin(inclusive = false, message = "must be positive (MIGRATIONS_CONNECT_TIMEOUT)")
        @DefaultValue("60s") Duration connectTimeout,
        @DurationMin(inclusive = false, message = "must be positive (MIGRATIONS_RETRY_INTERVAL)")
        @DefaultValue("1s") Duration retryInterval,
        @WholeSeconds(min = 1, max = MigrationsProperties.MAX_LOCK_WAIT_SECONDS,
                message = "must be whole seconds with a unit, from 1s to 365d, e.g. 60s (a bare number is "
                        + "milliseconds) (" + MigrationsProperties.LOCK_WAIT_TIMEOUT + ")")
        @DefaultValue("60s") Duration lockWaitTimeout,
        @DefaultValue("false") boolean repair,
        @DefaultValue("classpath:db/migration") List<String> locations) {

    /** The variable that sets {@link #lockWaitTimeout} (application.yaml), as the job's messages name it. */
    static final String LOCK_WAIT_TIMEOUT = "MIGRATIONS_LOCK_WAIT_TIMEOUT";

    /** The variable that sets {@link #repair} (application.yaml), as the job's messages name it. */
    static final String REPAIR = "MIGRATIONS_REPAIR";

    /** {@code lock_wait_timeout}'s largest value (a year); {@code innodb_lock_wait_timeout} takes more. */
    static final long MAX_LOCK_WAIT_SECONDS = 31_536_000;

    String jdbcUrl() {
        return "jdbc:mysql://" + host + ":" + port + "/" + database
                + "?connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true&allowPublicKeyRetrieval=true"
                + "&sslMode=PREFERRED&connectTimeout=5000&socketTimeout=300000";
    }

    /** Run on each connection Flyway opens: its statements wait for a lock this long at most. */
    String sessionSettings() {
        long seconds = lockWaitTimeout.toSeconds();
        return "SET SESSION lock_wait_timeout = " + seconds + ", innodb_lock_wait_timeout = " + seconds;
    }

    String where() {
        return user + "@" + host + ":" + port + "/" + database;
    }
}
