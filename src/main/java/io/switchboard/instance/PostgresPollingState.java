package io.switchboard.instance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.switchboard.store.Jdbc;

/**
 * {@link PollingState} on the instance row. The leases are single statements ({@code FOR UPDATE SKIP LOCKED} for
 * the due ones), so nodes sharing the database never poll one instance at once; a poll's end locks the row
 * ({@link #holds}) and writes only while its token is still the lease.
 */
@ApplicationScoped
class PostgresPollingState implements PollingState {

    @Inject DataSource dataSource;

    @Override
    public List<Leased> leaseDue(int max, Instant now, Instant until, String token) {
        return leases("""
                WITH due AS (
                    SELECT id, next_poll_at FROM instance
                    WHERE next_poll_at <= ? AND NOT deleted AND NOT disabled
                    ORDER BY next_poll_at LIMIT ? FOR UPDATE SKIP LOCKED)
                UPDATE instance i SET next_poll_at = ?, poll_lease = ?, last_poll_at = ?
                FROM due WHERE i.id = due.id
                RETURNING i.id, due.next_poll_at, COALESCE(i.poll_watermark, i.created_at),
                    i.poll_boundary::text""", Timestamp.from(now), max, Timestamp.from(until), token,
                Timestamp.from(now));
    }

    @Override
    public Optional<Leased> leaseNow(long instanceId, Instant now, Instant until, String token) {
        return leases("""
                WITH due AS (SELECT id, next_poll_at FROM instance WHERE id = ? AND NOT deleted FOR UPDATE)
                UPDATE instance i SET next_poll_at = ?, poll_lease = ?, last_poll_at = ?,
                    poll_watermark = COALESCE(i.poll_watermark, i.created_at)
                FROM due WHERE i.id = due.id
                    AND (i.poll_lease IS NULL OR due.next_poll_at IS NULL OR due.next_poll_at <= ?)
                RETURNING i.id, due.next_poll_at, i.poll_watermark, i.poll_boundary::text""", instanceId,
                Timestamp.from(until), token, Timestamp.from(now), Timestamp.from(now)).stream().findFirst();
    }

    @Override
    public boolean holds(long instanceId, String token) {
        return Jdbc.first(dataSource, "SELECT poll_lease FROM instance WHERE id = ? FOR UPDATE",
                Jdbc.params(instanceId), rs -> rs.getString(1), "could not read the poll lease")
                .filter(token::equals).isPresent();
    }

    @Override
    public void commit(long instanceId, String token, Instant watermark, String boundary, Instant next) {
        update("""
                UPDATE instance SET poll_watermark = ?, poll_boundary = CAST(? AS jsonb), next_poll_at = ?,
                    poll_lease = NULL
                WHERE id = ? AND poll_lease = ?""", Timestamp.from(watermark), boundary, Timestamp.from(next),
                instanceId, token);
    }

    @Override
    public void release(long instanceId, String token, Instant next, boolean forget) {
        if (forget) {
            update("UPDATE instance SET next_poll_at = NULL, poll_lease = NULL, poll_watermark = NULL,"
                    + " poll_boundary = NULL WHERE id = ? AND poll_lease = ?", instanceId, token);
        } else {
            update("UPDATE instance SET next_poll_at = ?, poll_lease = NULL WHERE id = ? AND poll_lease = ?",
                    next == null ? null : Timestamp.from(next), instanceId, token);
        }
    }

    @Override
    public void forget(long instanceId) {
        update("""
                UPDATE instance SET next_poll_at = NULL, poll_watermark = NULL, poll_boundary = NULL,
                    poll_lease = NULL
                WHERE id = ? AND (next_poll_at IS NOT NULL OR poll_watermark IS NOT NULL)""", instanceId);
    }

    @Override
    public void schedule(long instanceId, Instant now, boolean pollable, Duration interval) {
        Timestamp at = Timestamp.from(now);
        update("""
                UPDATE instance SET poll_watermark = COALESCE(poll_watermark, ?),
                    next_poll_at = CASE WHEN NOT ? THEN NULL
                        WHEN poll_lease IS NOT NULL AND next_poll_at > ? THEN next_poll_at
                        ELSE COALESCE(last_poll_at, poll_watermark, ?) + CAST(? || ' milliseconds' AS interval) END
                WHERE id = ?""", at, pollable, at, at, Long.toString(interval.toMillis()), instanceId);
    }

    @Override
    public void unschedule(long instanceId) {
        update("UPDATE instance SET next_poll_at = NULL, poll_lease = NULL WHERE id = ?", instanceId);
    }

    @Override
    public Optional<Instant> nextDue() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT min(next_poll_at) FROM instance
                        WHERE next_poll_at IS NOT NULL AND NOT deleted AND NOT disabled""");
                ResultSet rs = select.executeQuery()) {
            return Optional.ofNullable(rs.next() ? instant(rs.getTimestamp(1)) : null);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the next due poll", e);
        }
    }

    private List<Leased> leases(String sql, Object... parameters) {
        return Jdbc.list(dataSource, sql, Jdbc.params(parameters), rs -> new Leased(rs.getLong(1),
                instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3)), rs.getString(4)), "could not lease polls");
    }

    private void update(String sql, Object... parameters) {
        Jdbc.update(dataSource, sql, Jdbc.params(parameters), "could not update the poll schedule");
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
