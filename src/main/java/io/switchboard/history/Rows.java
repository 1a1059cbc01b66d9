package io.switchboard.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import io.switchboard.delivery.DeliveryStatus;

/** Column reading and parameter binding shared by the history queries. */
final class Rows {

    /** The delivery columns that {@link #delivery(ResultSet)} reads, over a delivery {@code d} and notification {@code n}. */
    static final String DELIVERY_COLUMNS = """
            d.id, d.notification_id, n.receipt_id, d.target, d.url, d.status, d.attempts, d.last_status_code,
            d.last_error, d.last_attempt_at, d.next_attempt_at, d.created_at, d.delivered_at""";

    private Rows() {
    }

    static DeliveryView delivery(ResultSet rs) throws SQLException {
        return new DeliveryView(rs.getLong("id"), rs.getString("notification_id"), rs.getString("receipt_id"),
                rs.getString("target"), rs.getString("url"), DeliveryStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"), rs.getObject("last_status_code", Integer.class), rs.getString("last_error"),
                instant(rs, "last_attempt_at"), instant(rs, "next_attempt_at"), instant(rs, "created_at"),
                instant(rs, "delivered_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
