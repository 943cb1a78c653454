package dev.todolist.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.mysql.MySQLContainer;

/**
 * A fresh database of its own for one test class, created on the chosen server and migrated with the
 * migrations-job's own Flyway scripts (the only schema there is). Databases are named {@code t_<class>_<random>}
 * so that runs never interfere and can repeat.
 *
 * <pre>
 * static final TestDatabase db = TestDatabase.create(MyTests.class);
 *
 * &#64;DynamicPropertySource
 * static void properties(DynamicPropertyRegistry registry) { db.registerR2dbc(registry); }
 * </pre>
 */
public final class TestDatabase {

    private static volatile MySQLContainer container;

    private final String host;

    private final int port;

    private final String name;

    private final String user;

    private final String password;

    private TestDatabase(String host, int port, String name, String user, String password) {
        this.host = host;
        this.port = port;
        this.name = name;
        this.user = user;
        this.password = password;
    }

    /** Creates and migrates a new database for the given test class. */
    public static TestDatabase create(Class<?> testClass) {
        TestDatabase database = empty(testClass);
        database.migrate();
        return database;
    }

    /** Creates a new database without running the migrations (for the migrations-job's own tests). */
    public static TestDatabase empty(Class<?> testClass) {
        String name = databaseName(testClass);
        TestDatabase server = server(name);
        server.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return server;
    }

    private static TestDatabase server(String name) {
        if (TestInfrastructure.current() == TestInfrastructure.DOCKER) {
            MySQLContainer mysql = mysqlContainer();
            return new TestDatabase(mysql.getHost(), mysql.getMappedPort(3306), name, "root", mysql.getPassword());
        }
        return new TestDatabase(LocalServers.mysqlHost(), LocalServers.mysqlPort(), name, LocalServers.mysqlUser(),
                LocalServers.mysqlPassword());
    }

    private static MySQLContainer mysqlContainer() {
        if (container == null) {
            synchronized (TestDatabase.class) {
                if (container == null) {
                    MySQLContainer mysql = new MySQLContainer(TestImages.MYSQL).withUsername("root")
                        .withPassword("test")
                        .withReuse(false);
                    mysql.start();
                    container = mysql;
                }
            }
        }
        return container;
    }

    private static String databaseName(Class<?> testClass) {
        String simple = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (simple.length() > 40) {
            simple = simple.substring(0, 40);
        }
        return "t_" + simple + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(serverJdbcUrl(), user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Test database server at " + host + ":" + port + " refused: " + sql, ex);
        }
    }

    private void migrate() {
        Flyway.configure()
            .dataSource(jdbcUrl(), user, password)
            .locations("classpath:db/migration")
            .failOnMissingLocations(true)
            .load()
            .migrate();
    }

    /** Drops the database (optional: names are unique, so leftovers never disturb a later run). */
    public void drop() {
        execute("DROP DATABASE IF EXISTS `" + name + "`");
    }

    private String serverJdbcUrl() {
        return "jdbc:mysql://" + host + ":" + port + "/?" + jdbcParameters();
    }

    private static String jdbcParameters() {
        return "useSSL=false&allowPublicKeyRetrieval=true&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true";
    }

    public String jdbcUrl() {
        return "jdbc:mysql://" + host + ":" + port + "/" + name + "?" + jdbcParameters();
    }

    /** A plain JDBC connection to this database, as its application user: for a test's own rows and counters. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    /** Each row of {@code sql}'s result on {@code connection} as one string, its columns joined by a space. */
    public static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? " " : "").append(result.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    public String r2dbcUrl() {
        return "r2dbc:mysql://" + host + ":" + port + "/" + name;
    }

    /** Points Spring's R2DBC connection factory at this database. */
    public void registerR2dbc(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", this::r2dbcUrl);
        registry.add("spring.r2dbc.username", this::user);
        registry.add("spring.r2dbc.password", this::password);
    }

    /**
     * Points Spring's R2DBC connection factory at this database through {@code relay} (started here), which a test
     * then delays or cuts to make the database hang or fail.
     */
    public void registerR2dbcThrough(TcpRelay relay, DynamicPropertyRegistry registry) {
        relay.relay();
        registry.add("spring.r2dbc.url", () -> "r2dbc:mysql://127.0.0.1:" + relay.port() + "/" + name);
        registry.add("spring.r2dbc.username", this::user);
        registry.add("spring.r2dbc.password", this::password);
    }

    /** Sets the contract's MYSQL_* settings as Spring properties (for applications that read those). */
    public void registerMysqlSettings(DynamicPropertyRegistry registry) {
        registry.add("MYSQL_HOST", this::host);
        registry.add("MYSQL_PORT", this::port);
        registry.add("MYSQL_DATABASE", this::name);
        registry.add("MYSQL_USER", this::user);
        registry.add("MYSQL_PASSWORD", this::password);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }
}
