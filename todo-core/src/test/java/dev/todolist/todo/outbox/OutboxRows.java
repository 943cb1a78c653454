package dev.todolist.todo.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.todolist.testsupport.TestDatabase;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The rows of {@code task_outbox}, read over JDBC by the tests (oldest first). */
final class OutboxRows {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Row(long id, String eventId, long userId, String type, Map<String, Object> payload, String state,
            int attempts, String traceparent, String leaseOwner) {
    }

    private OutboxRows() {
    }

    static List<Row> all(TestDatabase db) {
        return query(db, "SELECT id, event_id, user_id, type, payload, state, attempts, traceparent, lease_owner "
                + "FROM task_outbox ORDER BY id");
    }

    static List<Row> ofUser(TestDatabase db, long userId) {
        return all(db).stream().filter(row -> row.userId() == userId).toList();
    }

    static void execute(TestDatabase db, String sql) {
        try (Connection connection = db.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static List<Row> query(TestDatabase db, String sql) {
        try (Connection connection = db.connect();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            List<Row> result = new ArrayList<>();
            while (rows.next()) {
                result.add(new Row(rows.getLong("id"), rows.getString("event_id"), rows.getLong("user_id"),
                        rows.getString("type"),
                        JSON.readValue(rows.getString("payload"), new TypeReference<Map<String, Object>>() {
                        }), rows.getString("state"), rows.getInt("attempts"), rows.getString("traceparent"),
                        rows.getString("lease_owner")));
            }
            return result;
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
