package io.switchboard.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.switchboard.store.TimeColumns;
import io.switchboard.store.Jdbc;

/** {@link DeliveryActivity} on PostgreSQL. */
@ApplicationScoped
public class PostgresDeliveryActivity implements DeliveryActivity {

    @Inject DataSource dataSource;

    @Override
    public OpenCounts open(long organizationId) {
        Map<String, Long> counts = new HashMap<>();
        Jdbc.list(dataSource, """
                SELECT status, count(*) FROM delivery WHERE organization_id = ?
                AND status IN ('PENDING', 'FAILED', 'QUEUED') GROUP BY status""", Jdbc.params(organizationId),
                rs -> Map.entry(rs.getString(1), rs.getLong(2)), "could not count the organization's activity")
                .forEach(count -> counts.put(count.getKey(), count.getValue()));
        return new OpenCounts(counts.getOrDefault("PENDING", 0L), counts.getOrDefault("FAILED", 0L),
                counts.getOrDefault("QUEUED", 0L));
    }

    @Override
    public long[] createdPerBucket(long organizationId, Instant from, Duration bucket, int buckets) {
        return TimeColumns.count(dataSource,
                "SELECT %s, count(*) FROM delivery WHERE organization_id = ? AND created_at >= ? GROUP BY 1",
                "created_at", organizationId, from, bucket, buckets);
    }

    /**
     * Latency is first try to the last answer, ms ({@code last_attempt_at - created_at}, for deliveries tried at
     * least once); failures, the share that needed a retry or failed. From the delivery rows alone (through the
     * organization's time index), not from every attempt.
     */
    @Override
    public List<Stats> stats(long organizationId, Instant from, Duration bucket) {
        String sql = """
                SELECT floor(extract(epoch FROM created_at - ?) / ?)::int AS b, count(*),
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM last_attempt_at - created_at) * 1000),
                  percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM last_attempt_at - created_at) * 1000),
                  count(*) FILTER (WHERE attempts > 1 OR status IN ('FAILED', 'QUEUED'))
                FROM delivery WHERE organization_id = ? AND created_at >= ? AND last_attempt_at IS NOT NULL
                GROUP BY 1""";
        return Jdbc.list(dataSource, sql, s -> {
            s.setObject(1, TimeColumns.timestamp(from));
            s.setDouble(2, bucket.toMillis() / 1000.0);
            s.setLong(3, organizationId);
            s.setObject(4, TimeColumns.timestamp(from));
        }, rs -> {
            int n = rs.getInt(2);
            return new Stats(rs.getInt(1), n, rs.getDouble(3), rs.getDouble(4), n == 0 ? 0 : rs.getDouble(5) / n);
        }, "could not read delivery latency");
    }

    @Override
    public Set<Long> failingInstances(long organizationId) {
        return new HashSet<>(Jdbc.list(dataSource, """
                SELECT DISTINCT instance_id FROM delivery WHERE organization_id = ?
                AND (status IN ('FAILED', 'QUEUED') OR (status = 'PENDING' AND attempts > 0))""",
                Jdbc.params(organizationId), rs -> rs.getLong(1), "could not read failing deliveries"));
    }

    @Override
    public Map<Long, List<Attempt>> attemptsOf(long organizationId, Collection<Long> deliveryIds) {
        Map<Long, List<Attempt>> attempts = new HashMap<>();
        if (deliveryIds.isEmpty()) {
            return attempts;
        }
        Jdbc.list(dataSource, """
                SELECT a.delivery_id, a.attempt, a.attempted_at, a.status_code, a.latency_ms, a.error
                FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
                WHERE d.organization_id = ? AND a.delivery_id = ANY (?) ORDER BY a.delivery_id, a.attempted_at, a.id""", s -> {
            s.setLong(1, organizationId);
            s.setArray(2, Jdbc.bigints(s, deliveryIds));
        }, rs -> new Attempt(rs.getLong(1), rs.getInt(2), TimeColumns.instant(rs, "attempted_at"),
                rs.getObject(4, Integer.class), rs.getObject(5, Integer.class), rs.getString(6)),
                "could not read delivery attempts")
                .forEach(attempt -> attempts.computeIfAbsent(attempt.deliveryId(), id -> new ArrayList<>()).add(attempt));
        return attempts;
    }

    @Override
    public List<UrlGroup> openByUrl(long organizationId, int recentPerUrl) {
        Map<String, UrlGroup> byUrl = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            Map<String, Instant> paused = paused(c, organizationId);
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT url, count(*) FILTER (WHERE status = 'PENDING'), count(*) FILTER (WHERE status = 'FAILED'),
                      count(*) FILTER (WHERE status = 'QUEUED'), min(id) FILTER (WHERE status = 'QUEUED')
                    FROM delivery WHERE organization_id = ? AND status IN ('PENDING', 'FAILED', 'QUEUED')
                    GROUP BY url ORDER BY url LIMIT 200""")) {
                s.setLong(1, organizationId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String url = rs.getString(1);
                        byUrl.put(url, new UrlGroup(url, rs.getLong(2), rs.getLong(3), rs.getLong(4),
                                paused.get(url), rs.getObject(5, Long.class), null, new ArrayList<>()));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT x.* FROM unnest(?) AS u(url), LATERAL (SELECT "
                    + PostgresDeliveryHistory.COLUMNS + " FROM delivery d WHERE d.organization_id = ? "
                    + "AND d.url = u.url AND d.status IN ('PENDING', 'FAILED', 'QUEUED') ORDER BY d.id DESC LIMIT ?) x")) {
                s.setArray(1, c.createArrayOf("text", byUrl.keySet().toArray()));
                s.setLong(2, organizationId);
                s.setInt(3, recentPerUrl);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        DeliveryHistory.Row row = PostgresDeliveryHistory.row(rs);
                        UrlGroup group = byUrl.get(row.url());
                        group.recent().add(row);
                        if (group.oldestQueuedId() != null && group.oldestQueuedInstanceId() == null) {
                            byUrl.put(row.url(), new UrlGroup(group.url(), group.pending(), group.failed(),
                                    group.queued(), group.pausedAt(), group.oldestQueuedId(),
                                    instanceOf(c, group.oldestQueuedId()), group.recent()));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the organization's deliveries", e);
        }
        return new ArrayList<>(byUrl.values());
    }

    private static Map<String, Instant> paused(Connection c, long organizationId) throws SQLException {
        Map<String, Instant> paused = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT url, paused_at FROM paused_target WHERE organization_id = ?")) {
            s.setLong(1, organizationId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    paused.put(rs.getString(1), TimeColumns.instant(rs, "paused_at"));
                }
            }
        }
        return paused;
    }

    private static Long instanceOf(Connection c, long deliveryId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT instance_id FROM delivery WHERE id = ?")) {
            s.setLong(1, deliveryId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }
}
