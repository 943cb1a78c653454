package dev.todolist.todo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import dev.todolist.testsupport.TestDatabase;

/** Rows in {@code users} for the tests (the edge creates them in production). */
public final class TestUsers {

    private TestUsers() {
    }

    public static long create(TestDatabase db) {
        try (Connection connection = db.connect();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO users (email, password_hash, created_at) VALUES (?, 'x', UTC_TIMESTAMP())",
                        Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, "user-" + UUID.randomUUID() + "@example.com");
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
