package io.switchboard.history;

import java.sql.Array;
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

/**
 * What an organization's receipts and deliveries add up to, for the console's overview, lists and charts. Every
 * query is scoped by organization and reads through an index, so that it stays fast with a long history.
 */
@ApplicationScoped
public class Activity {

    /** Open deliveries of an organization by status, and its receipts since {@code since}. */
    public record Counts(long receipts, long pending, long failed, long queued) {
    }

    /** One count per bucket of {@code bucket}, the first starting at {@code from}. */
    public record Series(Instant from, Duration bucket, long[] counts) {
    }

    /** Deliveries of one bucket: latency percentiles (ms) and the share that needed a retry or failed (0..1). */
    public record AttemptStats(Instant start, int attempts, double p50, double p99, double failureRate) {
    }

    /** One try of a delivery. */
    public record AttemptView(long deliveryId, int attempt, Instant attemptedAt, Integer statusCode, Integer latencyMs,
            String error) {
    }

    /** The open deliveries to one URL: counts by status, whether the URL is paused, and the oldest queued one. */
    public record UrlDeliveries(String url, long pending, long failed, long queued, Instant pausedAt,
            Long oldestQueuedId, Long oldestQueuedInstanceId, List<DeliveryView> recent) {
    }

    private final DataSource dataSource;

    public Activity(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Counts counts(long organizationId, Instant receiptsSince) {
        long receipts = 0;
        long pending = 0;
        long failed = 0;
        long queued = 0;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT count(*) FROM receipt WHERE organization_id = ? AND received_at >= ?")) {
                s.setLong(1, organizationId);
                s.setObject(2, Rows.timestamp(receiptsSince));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    receipts = rs.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT status, count(*) FROM delivery WHERE organization_id = ?
                    AND status IN ('PENDING', 'FAILED', 'QUEUED') GROUP BY status""")) {
                s.setLong(1, organizationId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        switch (rs.getString(1)) {
                            case "PENDING" -> pending = rs.getLong(2);
                            case "FAILED" -> failed = rs.getLong(2);
                            default -> queued = rs.getLong(2);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the organization's activity", e);
        }
        return new Counts(receipts, pending, failed, queued);
    }

    /** Receipts per bucket from {@code from} on. */
    public Series receipts(long organizationId, Instant from, Duration bucket, int buckets) {
        return series("SELECT %s, count(*) FROM receipt WHERE organization_id = ? AND received_at >= ? GROUP BY 1",
                "received_at", organizationId, from, bucket, buckets);
    }

    /** Deliveries created per bucket from {@code from} on (one per notification and target). */
    public Series deliveries(long organizationId, Instant from, Duration bucket, int buckets) {
        return series("SELECT %s, count(*) FROM delivery WHERE organization_id = ? AND created_at >= ? GROUP BY 1",
                "created_at", organizationId, from, bucket, buckets);
    }

    /**
     * Delivery latency (first try to the last answer, ms: {@code last_attempt_at - created_at}, for deliveries
     * tried at least once) and the share of deliveries that needed a retry or failed, per bucket of creation time.
     * Read from the delivery rows alone (through the organization's time index), not from every attempt.
     */
    public List<AttemptStats> attempts(long organizationId, Instant from, Duration bucket, int buckets) {
        String sql = """
                SELECT floor(extract(epoch FROM created_at - ?) / ?)::int AS b, count(*),
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM last_attempt_at - created_at) * 1000),
                  percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM last_attempt_at - created_at) * 1000),
                  count(*) FILTER (WHERE attempts > 1 OR status IN ('FAILED', 'QUEUED'))
                FROM delivery WHERE organization_id = ? AND created_at >= ? AND last_attempt_at IS NOT NULL
                GROUP BY 1""";
        Map<Integer, AttemptStats> byBucket = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, Rows.timestamp(from));
            s.setDouble(2, bucket.toMillis() / 1000.0);
            s.setLong(3, organizationId);
            s.setObject(4, Rows.timestamp(from));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int b = rs.getInt(1);
                    int n = rs.getInt(2);
                    byBucket.put(b, new AttemptStats(from.plus(bucket.multipliedBy(b)), n, rs.getDouble(3),
                            rs.getDouble(4), n == 0 ? 0 : rs.getDouble(5) / n));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read delivery latency", e);
        }
        List<AttemptStats> stats = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            stats.add(byBucket.getOrDefault(b, new AttemptStats(from.plus(bucket.multipliedBy(b)), 0, 0, 0, 0)));
        }
        return stats;
    }

    /** The time of each instance's newest receipt (instances without one are absent). */
    public Map<Long, Instant> lastReceipts(Collection<Long> instanceIds) {
        Map<Long, Instant> last = new HashMap<>();
        if (instanceIds.isEmpty()) {
            return last;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT i, (SELECT max(received_at) FROM receipt WHERE instance_id = i) AS at
                FROM unnest(?) AS i""")) {
            Array ids = c.createArrayOf("bigint", instanceIds.toArray());
            s.setArray(1, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Instant at = Rows.instant(rs, "at");
                    if (at != null) {
                        last.put(rs.getLong(1), at);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the last receipts", e);
        }
        return last;
    }

    /** The instances with a delivery that failed, is queued behind a paused URL, or is waiting for a retry. */
    public Set<Long> failing(long organizationId) {
        Set<Long> failing = new HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT DISTINCT instance_id FROM delivery WHERE organization_id = ?
                AND (status IN ('FAILED', 'QUEUED') OR (status = 'PENDING' AND attempts > 0))""")) {
            s.setLong(1, organizationId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    failing.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read failing deliveries", e);
        }
        return failing;
    }

    /** Every attempt of the given deliveries of the organization, by delivery, in order. */
    public Map<Long, List<AttemptView>> attemptsOf(long organizationId, Collection<Long> deliveryIds) {
        Map<Long, List<AttemptView>> attempts = new HashMap<>();
        if (deliveryIds.isEmpty()) {
            return attempts;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT a.delivery_id, a.attempt, a.attempted_at, a.status_code, a.latency_ms, a.error
                FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
                WHERE d.organization_id = ? AND a.delivery_id = ANY (?) ORDER BY a.delivery_id, a.attempted_at, a.id""")) {
            s.setLong(1, organizationId);
            s.setArray(2, c.createArrayOf("bigint", deliveryIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    attempts.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(new AttemptView(
                            rs.getLong(1), rs.getInt(2), Rows.instant(rs, "attempted_at"),
                            rs.getObject(4, Integer.class), rs.getObject(5, Integer.class), rs.getString(6)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read delivery attempts", e);
        }
        return attempts;
    }

    /** The organization's open deliveries grouped by URL, paused URLs first, with the newest few of each. */
    public List<UrlDeliveries> openByUrl(long organizationId, int recentPerUrl) {
        Map<String, UrlDeliveries> byUrl = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            Map<String, Instant> paused = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT url, paused_at FROM paused_target WHERE organization_id = ?")) {
                s.setLong(1, organizationId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        paused.put(rs.getString(1), Rows.instant(rs, "paused_at"));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT url, count(*) FILTER (WHERE status = 'PENDING'), count(*) FILTER (WHERE status = 'FAILED'),
                      count(*) FILTER (WHERE status = 'QUEUED'), min(id) FILTER (WHERE status = 'QUEUED')
                    FROM delivery WHERE organization_id = ? AND status IN ('PENDING', 'FAILED', 'QUEUED')
                    GROUP BY url ORDER BY url LIMIT 200""")) {
                s.setLong(1, organizationId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String url = rs.getString(1);
                        byUrl.put(url, new UrlDeliveries(url, rs.getLong(2), rs.getLong(3), rs.getLong(4),
                                paused.get(url), rs.getObject(5, Long.class), null, new ArrayList<>()));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT x.*, x.instance_id AS iid FROM unnest(?) AS u(url), "
                    + "LATERAL (SELECT " + Rows.DELIVERY_COLUMNS + ", d.instance_id FROM delivery d "
                    + "JOIN notification n ON n.id = d.notification_id WHERE d.organization_id = ? AND d.url = u.url "
                    + "AND d.status IN ('PENDING', 'FAILED', 'QUEUED') ORDER BY d.id DESC LIMIT ?) x")) {
                s.setArray(1, c.createArrayOf("text", byUrl.keySet().toArray()));
                s.setLong(2, organizationId);
                s.setInt(3, recentPerUrl);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        DeliveryView view = Rows.delivery(rs);
                        UrlDeliveries group = byUrl.get(view.url());
                        group.recent().add(view);
                        if (group.oldestQueuedId() != null && group.oldestQueuedInstanceId() == null) {
                            byUrl.put(view.url(), new UrlDeliveries(group.url(), group.pending(), group.failed(),
                                    group.queued(), group.pausedAt(), group.oldestQueuedId(),
                                    instanceOf(c, group.oldestQueuedId()), group.recent()));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the organization's deliveries", e);
        }
        List<UrlDeliveries> groups = new ArrayList<>(byUrl.values());
        groups.sort((a, b) -> Boolean.compare(b.pausedAt() != null, a.pausedAt() != null));
        return groups;
    }

    private static Long instanceOf(Connection c, long deliveryId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT instance_id FROM delivery WHERE id = ?")) {
            s.setLong(1, deliveryId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private Series series(String sql, String column, long organizationId, Instant from, Duration bucket, int buckets) {
        long[] counts = new long[buckets];
        String bucketOf = "floor(extract(epoch FROM " + column + " - ?) / ?)::int";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql.formatted(bucketOf))) {
            s.setObject(1, Rows.timestamp(from));
            s.setDouble(2, bucket.toMillis() / 1000.0);
            s.setLong(3, organizationId);
            s.setObject(4, Rows.timestamp(from));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int b = rs.getInt(1);
                    if (b >= 0 && b < buckets) {
                        counts[b] = rs.getLong(2);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count per " + bucket, e);
        }
        return new Series(from, bucket, counts);
    }
}
