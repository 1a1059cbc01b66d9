package io.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import javax.sql.DataSource;

/** timestamptz columns: read, bound, and counted per time bucket (the console's charts, one grouped query). */
public final class TimeColumns {

    private TimeColumns() {
    }

    /**
     * One count per bucket of {@code bucket}, the first starting at {@code from}. {@code sql} has {@code %s} where
     * the bucket number of {@code column} goes, and then the organization and {@code from} as parameters, e.g.
     * {@code SELECT %s, count(*) FROM t WHERE organization_id = ? AND created_at >= ? GROUP BY 1}.
     */
    public static long[] count(DataSource dataSource, String sql, String column, long organizationId, Instant from,
            Duration bucket, int buckets) {
        long[] counts = new long[buckets];
        String bucketOf = "floor(extract(epoch FROM " + column + " - ?) / ?)::int";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql.formatted(bucketOf))) {
            OffsetDateTime start = from.atOffset(ZoneOffset.UTC);
            s.setObject(1, start);
            s.setDouble(2, bucket.toMillis() / 1000.0);
            s.setLong(3, organizationId);
            s.setObject(4, start);
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
        return counts;
    }

    /** A timestamptz column's value, or null. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** An instant as a timestamptz parameter, or null. */
    public static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
