package dev.todolist.todo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;

import dev.todolist.testsupport.TestDatabase;

/** Many rows in {@code tasks} at once, straight into the database, for the tests of long lists. */
public final class TestTasks {

    private TestTasks() {
    }

    /** {@code count} open tasks of {@code user}, all titled {@code title}, in one batch. */
    public static void insert(TestDatabase db, long user, int count, String title) {
        try (Connection connection = connect(db); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO tasks (user_id, title, completed, created_at, updated_at) "
                        + "VALUES (?, ?, FALSE, UTC_TIMESTAMP(), UTC_TIMESTAMP())")) {
            for (int i = 0; i < count; i++) {
                insert.setLong(1, user);
                insert.setString(2, title);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Every task of {@code user}. */
    public static void delete(TestDatabase db, long user) {
        try (Connection connection = connect(db);
                PreparedStatement delete = connection.prepareStatement("DELETE FROM tasks WHERE user_id = ?")) {
            delete.setLong(1, user);
            delete.executeUpdate();
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Connection connect(TestDatabase db) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", db.user());
        properties.setProperty("password", db.password());
        // the insert's batch as one multi-row statement
        properties.setProperty("rewriteBatchedStatements", "true");
        return DriverManager.getConnection(db.jdbcUrl(), properties);
    }
}
