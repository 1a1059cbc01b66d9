package io.switchboard.event;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.store.TimeColumns;

/** What an organization's receipts add up to, for the console; every query reads through an index. */
@ApplicationScoped
public class ReceiptCounts {

    private final DataSource dataSource;

    public ReceiptCounts(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The organization's receipts since {@code since}. */
    public long since(long organizationId, Instant since) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM receipt WHERE organization_id = ? AND received_at >= ?")) {
            s.setLong(1, organizationId);
            s.setObject(2, TimeColumns.timestamp(since));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the organization's activity", e);
        }
    }

    /** Receipts per bucket from {@code from} on. */
    public long[] perBucket(long organizationId, Instant from, Duration bucket, int buckets) {
        return TimeColumns.count(dataSource,
                "SELECT %s, count(*) FROM receipt WHERE organization_id = ? AND received_at >= ? GROUP BY 1",
                "received_at", organizationId, from, bucket, buckets);
    }

    /** The time of each instance's newest receipt (instances without one are absent). */
    public Map<Long, Instant> last(Collection<Long> instanceIds) {
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
                    Instant at = TimeColumns.instant(rs, "at");
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
}
