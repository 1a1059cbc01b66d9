package io.switchboard.poll;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.switchboard.element.ElementCatalog;
import io.switchboard.element.ElementDescriptor;
import io.switchboard.event.ReceiptStore;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.instance.Instances;

/**
 * The database side of polling: leasing due instances ({@code FOR UPDATE SKIP LOCKED}, so that nodes sharing the
 * database never poll one instance at once), and ending a poll. A successful poll's watermark, boundary pairs and
 * schedule are written in the same transaction as its receipt, events, notifications and deliveries, and only while
 * the poll still holds its lease; a failed poll keeps the watermark and logs a FAILED receipt.
 */
@ApplicationScoped
class PollLedger {

    /** What a poll's commit did: the stored receipt (null when nothing changed), or that it no longer counts. */
    record Finished(ReceiptStore.Stored stored, boolean discarded) {
    }

    private final DataSource dataSource;
    private final Instances instances;
    private final ElementCatalog catalog;
    private final ReceiptStore store;
    private final PollConfig config;
    private final Clock clock;

    PollLedger(DataSource dataSource, Instances instances, ElementCatalog catalog, ReceiptStore store,
            PollConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.instances = instances;
        this.catalog = catalog;
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /** Leases up to {@code max} due instances, the longest due first. */
    @Transactional
    List<Lease> leaseDue(int max) {
        Instant now = clock.instant();
        String token = UUID.randomUUID().toString();
        List<Lease> leases = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement lease = connection.prepareStatement("""
                        WITH due AS (
                            SELECT id, next_poll_at FROM instance
                            WHERE next_poll_at <= ? AND NOT deleted AND NOT disabled
                            ORDER BY next_poll_at LIMIT ? FOR UPDATE SKIP LOCKED)
                        UPDATE instance i SET next_poll_at = ?, poll_lease = ?, last_poll_at = ?
                        FROM due WHERE i.id = due.id
                        RETURNING i.id, due.next_poll_at, COALESCE(i.poll_watermark, i.created_at),
                            i.poll_boundary::text""")) {
            lease.setTimestamp(1, Timestamp.from(now));
            lease.setInt(2, max);
            lease.setTimestamp(3, Timestamp.from(now.plus(config.lease())));
            lease.setString(4, token);
            lease.setTimestamp(5, Timestamp.from(now));
            try (ResultSet rs = lease.executeQuery()) {
                while (rs.next()) {
                    leases.add(new Lease(rs.getLong(1), token, now, rs.getTimestamp(2).toInstant(),
                            instant(rs.getTimestamp(3)), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not lease due polls", e);
        }
        return leases;
    }

    /** Leases one instance now, unless a poll of it is running (its lease not yet expired). */
    @Transactional
    Optional<Lease> leaseNow(long instanceId) {
        Instant now = clock.instant();
        String token = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement lease = connection.prepareStatement("""
                        WITH due AS (SELECT id, next_poll_at FROM instance WHERE id = ? AND NOT deleted FOR UPDATE)
                        UPDATE instance i SET next_poll_at = ?, poll_lease = ?, last_poll_at = ?,
                            poll_watermark = COALESCE(i.poll_watermark, i.created_at)
                        FROM due WHERE i.id = due.id
                            AND (i.poll_lease IS NULL OR due.next_poll_at IS NULL OR due.next_poll_at <= ?)
                        RETURNING i.id, due.next_poll_at, i.poll_watermark, i.poll_boundary::text""")) {
            lease.setLong(1, instanceId);
            lease.setTimestamp(2, Timestamp.from(now.plus(config.lease())));
            lease.setString(3, token);
            lease.setTimestamp(4, Timestamp.from(now));
            lease.setTimestamp(5, Timestamp.from(now));
            try (ResultSet rs = lease.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Instant due = instant(rs.getTimestamp(2));
                return Optional.of(new Lease(rs.getLong(1), token, now, due == null || due.isAfter(now) ? now : due,
                        instant(rs.getTimestamp(3)), rs.getString(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not lease the poll", e);
        }
    }

    /** The instance as a poll reads it, and its element; empty when deleted. */
    record Polled(InstanceSettings instance, Optional<ElementDescriptor> element) {
    }

    @Transactional
    Optional<Polled> read(long instanceId) {
        return instances.settings(instanceId).map(instance -> new Polled(instance,
                catalog.find(instance.organizationId(), instance.elementKey())));
    }

    /**
     * Commits a successful poll. The instance row is locked first and the configuration read after, so that a
     * change committed meanwhile decides the next poll; an instance that is no longer polled keeps nothing.
     *
     * @param resources the resources that changed (none: only the watermark moves, nothing is logged)
     * @param body      the receipt body: every resource's raw by name
     */
    @Transactional
    Finished succeed(Lease lease, List<ReceiptStore.PollResource> resources, String boundary, String body) {
        try (Connection connection = dataSource.getConnection()) {
            if (!holds(connection, lease)) {
                return new Finished(null, true);
            }
            Optional<InstanceSettings> settings = instances.settings(lease.instanceId());
            if (settings.isEmpty() || !PollSchedule.pollable(settings.get())) {
                release(connection, lease, null, settings.isEmpty() || !PollSchedule.polling(settings.get()));
                return new Finished(null, true);
            }
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE instance SET poll_watermark = ?, poll_boundary = CAST(? AS jsonb), next_poll_at = ?,
                        poll_lease = NULL
                    WHERE id = ? AND poll_lease = ?""")) {
                update.setTimestamp(1, Timestamp.from(lease.start()));
                update.setString(2, boundary);
                update.setTimestamp(3, Timestamp.from(next(lease, settings.get())));
                update.setLong(4, lease.instanceId());
                update.setString(5, lease.token());
                update.executeUpdate();
            }
            if (resources.stream().allMatch(r -> r.events().isEmpty())) {
                return new Finished(null, false);
            }
            InstanceSettings instance = settings.get();
            ReceiptStore.Incoming incoming = new ReceiptStore.Incoming(instance, "polling", "application/json", "json",
                    body, Optional.empty(), clock.instant(), lease.start());
            List<String> targets = instance.get(io.switchboard.element.EventKeys.CALLBACK_URL).map(List::of)
                    .orElse(List.of());
            return new Finished(store.storePoll(incoming, resources.stream().filter(r -> !r.events().isEmpty())
                    .toList(), io.switchboard.event.Pages.POLL_PAGE_SIZE, targets), false);
        } catch (SQLException e) {
            throw new IllegalStateException("could not commit the poll", e);
        }
    }

    /**
     * Ends a failed poll: the watermark stays, the failure is logged with its reason, and the instance is due again
     * after its interval.
     *
     * @return the FAILED receipt's id, or empty when the poll no longer held its lease
     */
    @Transactional
    Optional<String> fail(Lease lease, PollFailure failure) {
        try (Connection connection = dataSource.getConnection()) {
            if (!holds(connection, lease)) {
                return Optional.empty();
            }
            Optional<InstanceSettings> settings = instances.settings(lease.instanceId());
            if (settings.isEmpty()) {
                release(connection, lease, null, true);
                return Optional.empty();
            }
            release(connection, lease, PollSchedule.pollable(settings.get()) ? next(lease, settings.get()) : null,
                    false);
            String answer = failure.vendorAnswer();
            ReceiptStore.Incoming incoming = new ReceiptStore.Incoming(settings.get(), "polling",
                    answer == null ? null : "text/plain", "text", answer, Optional.empty(), clock.instant(),
                    lease.start());
            return Optional.of(store.failPoll(incoming, failure.reason()));
        } catch (SQLException e) {
            throw new IllegalStateException("could not log the failed poll", e);
        }
    }

    /** Gives a lease back without polling (the instance is not to be polled now): schedules by its settings. */
    @Transactional
    void skip(Lease lease) {
        try (Connection connection = dataSource.getConnection()) {
            if (!holds(connection, lease)) {
                return;
            }
            Optional<InstanceSettings> settings = instances.settings(lease.instanceId());
            boolean pollable = settings.isPresent() && PollSchedule.pollable(settings.get());
            release(connection, lease, pollable ? next(lease, settings.get()) : null,
                    settings.isEmpty() || !PollSchedule.polling(settings.get()));
        } catch (SQLException e) {
            throw new IllegalStateException("could not release the poll", e);
        }
    }

    private Instant next(Lease lease, InstanceSettings settings) {
        return lease.start().plus(PollSchedule.interval(settings));
    }

    /** Locks the instance row; true when the lease is still this poll's. */
    private static boolean holds(Connection connection, Lease lease) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT poll_lease FROM instance WHERE id = ? FOR UPDATE")) {
            select.setLong(1, lease.instanceId());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() && lease.token().equals(rs.getString(1));
            }
        }
    }

    private static void release(Connection connection, Lease lease, Instant next, boolean forget)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(forget
                ? "UPDATE instance SET next_poll_at = NULL, poll_lease = NULL, poll_watermark = NULL,"
                        + " poll_boundary = NULL WHERE id = ? AND poll_lease = ?"
                : "UPDATE instance SET next_poll_at = ?, poll_lease = NULL WHERE id = ? AND poll_lease = ?")) {
            int i = 1;
            if (!forget) {
                update.setTimestamp(i++, next == null ? null : Timestamp.from(next));
            }
            update.setLong(i++, lease.instanceId());
            update.setString(i, lease.token());
            update.executeUpdate();
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
