package io.switchboard.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.switchboard.store.TimeColumns;
import io.switchboard.store.Jdbc;

/** What an organization's receipts add up to, for the console; every query reads through an index. */
@ApplicationScoped
public class ReceiptCounts {

    @Inject DataSource dataSource;

    /** The organization's receipts since {@code since}. */
    public long since(long organizationId, Instant since) {
        return Jdbc.number(dataSource, "SELECT count(*) FROM receipt WHERE organization_id = ? AND received_at >= ?",
                Jdbc.params(organizationId, TimeColumns.timestamp(since)),
                "could not count the organization's activity");
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
        Jdbc.list(dataSource, """
                SELECT i, (SELECT max(received_at) FROM receipt WHERE instance_id = i) AS at
                FROM unnest(?) AS i""", s -> s.setArray(1, Jdbc.bigints(s, instanceIds)),
                rs -> Map.entry(rs.getLong(1), Optional.ofNullable(TimeColumns.instant(rs, "at"))),
                "could not read the last receipts")
                .forEach(row -> row.getValue().ifPresent(at -> last.put(row.getKey(), at)));
        return last;
    }
}
