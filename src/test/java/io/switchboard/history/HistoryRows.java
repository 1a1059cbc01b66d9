package io.switchboard.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * Writes history rows straight into the database, as ingest and the delivery workers would, so that the history
 * API can be tested on its own. Times are given as seconds before now().
 */
final class HistoryRows {

    private final DataSource dataSource;

    HistoryRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    static String id(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A webhook receipt with a JSON body. */
    String receipt(long organizationId, long instanceId, String status, long secondsAgo) {
        String id = id("rcp");
        update("""
                INSERT INTO receipt (id, organization_id, instance_id, element_key, source, status, reason, content_type,
                                     body, event_count, notification_count, received_at)
                VALUES (?, ?, ?, 'webhook', 'webhook', ?, ?, 'application/json', ?, 0, 0,
                        now() - make_interval(secs => ?))""",
                id, organizationId, instanceId, status, status.equals("REJECTED") ? "bad signature" : null,
                "{\"objects\": [{\"id\": \"" + id + "\"}]}", (double) secondsAgo);
        return id;
    }

    /** Sets a receipt's time to an exact instant. */
    void receivedAt(String receiptId, java.time.Instant at) {
        update("UPDATE receipt SET received_at = ? WHERE id = ?", at.atOffset(java.time.ZoneOffset.UTC), receiptId);
    }

    void event(String receiptId, int seq, String eventType, String objectType, String objectId) {
        update("""
                INSERT INTO event (receipt_id, seq, event_type, object_type, object_id, event_date)
                VALUES (?, ?, ?, ?, ?, now())""", receiptId, seq, eventType, objectType, objectId);
        update("UPDATE receipt SET event_count = event_count + 1 WHERE id = ?", receiptId);
    }

    String notification(String receiptId, int page, int pages) {
        String id = id("ntf");
        update("""
                INSERT INTO notification (id, receipt_id, page, pages, first_event, last_event)
                VALUES (?, ?, ?, ?, 0, 0)""", id, receiptId, page, pages);
        update("UPDATE receipt SET notification_count = notification_count + 1 WHERE id = ?", receiptId);
        return id;
    }

    /** A delivery created {@code secondsAgo}; PENDING ones are due in an hour, so that no worker takes them. */
    long delivery(String notificationId, long organizationId, long instanceId, String url, String status,
            int attempts, long secondsAgo) {
        return ((Number) query("""
                INSERT INTO delivery (notification_id, organization_id, instance_id, url, status, attempts,
                                      round_attempts, next_attempt_at, last_attempt_at, last_status_code, last_error,
                                      created_at, delivered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, CASE WHEN ? = 'PENDING' THEN now() + interval '1 hour' END,
                        CASE WHEN ? > 0 THEN now() END,
                        CASE WHEN ? = 'DELIVERED' THEN 200 WHEN ? > 0 THEN 503 END,
                        CASE WHEN ? <> 'DELIVERED' AND ? > 0 THEN 'the callback answered 503' END,
                        now() - make_interval(secs => ?), CASE WHEN ? = 'DELIVERED' THEN now() END)
                RETURNING id""", notificationId, organizationId, instanceId, url, status, attempts, attempts, status,
                attempts, status, attempts, status, attempts, (double) secondsAgo, status).get(0).get("id"))
                .longValue();
    }

    void attempt(long deliveryId, int attempt, Integer statusCode, String error) {
        update("""
                INSERT INTO delivery_attempt (delivery_id, attempt, attempted_at, status_code, latency_ms, error)
                VALUES (?, ?, now(), ?, 12, ?)""", deliveryId, attempt, statusCode, error);
    }

    Map<String, Object> deliveryRow(long id) {
        return query("SELECT * FROM delivery WHERE id = ?", id).get(0);
    }

    int update(String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    List<Map<String, Object>> query(String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, params);
                ResultSet rs = statement.executeQuery()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String sql, Object... params) {
        return ((Number) query(sql, params).get(0).values().iterator().next()).longValue();
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... params)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }
}
