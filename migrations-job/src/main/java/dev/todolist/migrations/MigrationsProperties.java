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
 * {@code MIGRATIONS_REPAIR} makes the run a repair of the schema history instead of a migration.
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
        @DefaultValue("false") boolean repair,
        @DefaultValue("classpath:db/migration") List<String> locations) {

    /** The variable that sets {@link #repair} (application.yaml), as the job's messages name it. */
    static final String REPAIR = "MIGRATIONS_REPAIR";

    String jdbcUrl() {
        return "jdbc:mysql://" + host + ":" + port + "/" + database
                + "?connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true&allowPublicKeyRetrieval=true"
                + "&sslMode=PREFERRED&connectTimeout=5000&socketTimeout=300000";
    }

    String where() {
        return user + "@" + host + ":" + port + "/" + database;
    }
}
