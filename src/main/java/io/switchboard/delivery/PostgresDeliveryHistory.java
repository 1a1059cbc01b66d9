package io.switchboard.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.switchboard.store.Columns;
import io.switchboard.store.TimeColumns;
import io.switchboard.store.Jdbc;

/** {@link DeliveryHistory} on PostgreSQL; redelivery is {@link Redeliveries}'. */
@ApplicationScoped
public class PostgresDeliveryHistory implements DeliveryHistory {

    /** The columns {@link #row} reads, over a delivery {@code d}. */
    static final String COLUMNS = """
            d.id, d.notification_id, d.instance_id, d.target, d.url, d.status, d.attempts, d.last_status_code,
            d.last_error, d.last_attempt_at, d.next_attempt_at, d.created_at, d.delivered_at""";

    @Inject DataSource dataSource;

    @Override
    public List<Row> list(long organizationId, long instanceId, DeliveryStatus status, Long before, int limit) {
        List<Object> params = new ArrayList<>(List.of(organizationId, instanceId));
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
                + " FROM delivery d WHERE d.organization_id = ? AND d.instance_id = ?");
        if (status != null) {
            sql.append(" AND d.status = ?");
            params.add(status.name());
        }
        if (before != null) {
            sql.append(" AND d.id < ?");
            params.add(before);
        }
        sql.append(" ORDER BY d.id DESC LIMIT ?");
        params.add(limit);
        return Jdbc.list(dataSource, sql.toString(), Jdbc.params(params.toArray()), PostgresDeliveryHistory::row,
                "could not read deliveries");
    }

    @Override
    public Optional<Row> get(long organizationId, long instanceId, long deliveryId) {
        return Jdbc.first(dataSource, "SELECT " + COLUMNS
                + " FROM delivery d WHERE d.id = ? AND d.organization_id = ? AND d.instance_id = ?",
                Jdbc.params(deliveryId, organizationId, instanceId), PostgresDeliveryHistory::row,
                "could not read the delivery");
    }

    @Override
    public Map<String, List<Row>> ofNotifications(long organizationId, Collection<String> notificationIds) {
        Map<String, List<Row>> byNotification = new LinkedHashMap<>();
        if (notificationIds.isEmpty()) {
            return byNotification;
        }
        Jdbc.list(dataSource, "SELECT " + COLUMNS + """
                 FROM delivery d WHERE d.notification_id = ANY (?) AND d.organization_id = ?
                ORDER BY d.id""", Jdbc.params(notificationIds.toArray(new String[0]), organizationId),
                PostgresDeliveryHistory::row, "could not read the deliveries")
                .forEach(row -> byNotification.computeIfAbsent(row.notificationId(), k -> new ArrayList<>()).add(row));
        return byNotification;
    }

    @Override
    public int count(long instanceId, Set<DeliveryStatus> statuses, int limit) {
        return (int) Jdbc.number(dataSource, "SELECT count(*) FROM (SELECT 1 FROM delivery "
                + "WHERE instance_id = ? AND status = ANY (?::text[]) LIMIT ?) c",
                Jdbc.params(instanceId, names(statuses), limit), "could not count deliveries");
    }

    @Override
    public Set<String> notificationsIn(long organizationId, long instanceId, Set<DeliveryStatus> statuses) {
        return new LinkedHashSet<>(Jdbc.list(dataSource, "SELECT d.notification_id FROM delivery d "
                + "WHERE d.organization_id = ? AND d.instance_id = ? AND d.status = ANY (?::text[])",
                Jdbc.params(organizationId, instanceId, names(statuses)), rs -> rs.getString(1),
                "could not read deliveries"));
    }

    @Override
    @Transactional
    public Redelivered redeliver(long organizationId, long instanceId, long deliveryId) {
        return connected("could not redeliver",
                c -> Redeliveries.redeliver(c, organizationId, instanceId, deliveryId));
    }

    @Override
    @Transactional
    public int redeliverAll(long organizationId, long instanceId, DeliveryStatus status) {
        return connected("could not redeliver",
                c -> Redeliveries.redeliverAll(c, organizationId, instanceId, status));
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public int enqueueReplay(String lane, int window, long organizationId, long instanceId, String url,
            List<String> notificationIds) {
        Columns notifications = new Columns("text");
        notificationIds.forEach(notifications::add);
        try (Connection connection = dataSource.getConnection()) {
            int created;
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO delivery (notification_id, organization_id, instance_id, target, url, status, lane)
                    SELECT t.notification_id, ?, ?, ?, ?, 'PENDING', ?
                    FROM unnest(?::text[]) WITH ORDINALITY AS t(notification_id, ord)
                    ORDER BY t.ord""")) {
                insert.setLong(1, organizationId);
                insert.setLong(2, instanceId);
                insert.setString(3, DeliveryWorker.REPLAY_TARGET);
                insert.setString(4, url);
                insert.setString(5, lane);
                notifications.bind(connection, insert, 6);
                created = insert.executeUpdate();
            }
            DeliveryLanes.open(connection, lane, window);
            DeliveryLanes.advance(connection, Set.of(lane));
            return created;
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the replay's deliveries", e);
        }
    }

    @Override
    public LaneCounts laneCounts(String lane) {
        return Jdbc.first(dataSource, """
                SELECT count(*) FILTER (WHERE status = 'DELIVERED'),
                       count(*) FILTER (WHERE status IN ('FAILED', 'QUEUED')),
                       count(*) FILTER (WHERE status = 'PENDING')
                FROM delivery WHERE lane = ?""", Jdbc.params(lane),
                rs -> new LaneCounts(rs.getInt(1), rs.getInt(2), rs.getInt(3)), "could not count the lane's deliveries")
                .orElseThrow();
    }

    @Override
    public void closeLane(String lane, String reason) {
        connected("could not close the lane", c -> DeliveryLanes.close(c, lane, reason));
    }

    private <T> T connected(String failure, Jdbc.Work<T> work) {
        return Jdbc.connected(dataSource, work, failure);
    }

    static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("notification_id"), rs.getLong("instance_id"),
                rs.getString("target"), rs.getString("url"), DeliveryStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"), rs.getObject("last_status_code", Integer.class), rs.getString("last_error"),
                TimeColumns.instant(rs, "last_attempt_at"), TimeColumns.instant(rs, "next_attempt_at"),
                TimeColumns.instant(rs, "created_at"), TimeColumns.instant(rs, "delivered_at"));
    }

    private static String[] names(Set<DeliveryStatus> statuses) {
        return statuses.stream().map(Enum::name).toArray(String[]::new);
    }
}
