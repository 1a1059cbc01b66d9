package io.switchboard.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.SwitchboardConfig;
import io.switchboard.store.Columns;
import io.switchboard.tenant.FailurePolicies;

/** {@link DeliveryQueue} on the {@code delivery} table, claimed with {@code FOR UPDATE SKIP LOCKED}. */
@ApplicationScoped
public class PostgresDeliveryQueue implements DeliveryQueue {

    private static final String CLAIM = """
            UPDATE delivery d SET next_attempt_at = now() + make_interval(secs => ?)
            FROM (SELECT id FROM delivery c WHERE status = 'PENDING' AND next_attempt_at <= now()
                  AND url <> ALL(?::text[])
                  AND NOT (in_order AND EXISTS (SELECT 1 FROM delivery o WHERE o.in_order AND o.status = 'PENDING'
                           AND o.organization_id = c.organization_id AND o.url = c.url AND o.id < c.id))
                  ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED) due
            WHERE d.id = due.id
            RETURNING d.id, d.notification_id, d.organization_id, d.instance_id, d.target, d.url, d.attempts,
                      d.round_attempts, d.lane""";

    private static final String RECORD = """
            UPDATE delivery d SET status = t.status, attempts = d.attempts + 1,
                   round_attempts = d.round_attempts + 1, next_attempt_at = t.next_attempt_at,
                   last_attempt_at = t.attempted_at, last_status_code = t.status_code, last_error = t.error,
                   delivered_at = t.delivered_at
            FROM unnest(?::int8[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::int4[], ?::text[],
                        ?::timestamptz[])
                 AS t(id, status, next_attempt_at, attempted_at, status_code, error, delivered_at)
            WHERE d.id = t.id AND d.status = 'PENDING'""";

    private static final String RECORD_FAILED = """
            INSERT INTO delivery_attempt (delivery_id, attempt, attempted_at, status_code, latency_ms, error)
            SELECT t.* FROM unnest(?::int8[], ?::int4[], ?::timestamptz[], ?::int4[], ?::int4[], ?::text[])
                 AS t(delivery_id, attempt, attempted_at, status_code, latency_ms, error)
            WHERE EXISTS (SELECT 1 FROM delivery WHERE id = t.delivery_id)""";

    @Inject
    DataSource dataSource;
    @Inject
    RetryPolicy retryPolicy;
    @Inject
    InstanceDeliveryOptions instanceOptions;
    @Inject
    FailurePolicies failurePolicies;
    @Inject
    MeterRegistry metrics;
    private final Duration lease;
    /** {@code switchboard.deliveries} by outcome, each registered when it first happens (a benign race). */
    private final Counter[] outcomeCounters = new Counter[DeliveryTransition.Status.values().length];

    public PostgresDeliveryQueue(SwitchboardConfig config) {
        // Longer than one attempt can take; it is also how long the claims of a crashed node wait before another
        // node takes them over.
        this.lease = config.delivery().timeout().plusSeconds(15);
    }

    @Override
    public List<Claimed> claim(int max) {
        return claim(max, Set.of());
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Claimed> claim(int max, Set<String> skipUrls) {
        List<Claimed> claimed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            relaxDurability(connection);
            statement.setDouble(1, lease.toMillis() / 1000.0);
            statement.setObject(2, skipUrls.toArray(new String[0]));
            statement.setInt(3, max);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new Claimed(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            rs.getString(5), rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getString(9)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not claim deliveries", e);
        }
        return claimed;
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(List<Long> ids, Duration delay) {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        UPDATE delivery SET next_attempt_at = now() + make_interval(secs => ?)
                        WHERE id = ANY(?) AND status = 'PENDING'""")) {
            relaxDurability(connection); // lost, the claims lapse instead: later, never lost
            update.setDouble(1, delay.toMillis() / 1000.0);
            update.setObject(2, ids.toArray(new Long[0]));
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not give deliveries back to the queue", e);
        }
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int complete(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection()) {
            relaxDurability(connection);
            Set<Long> queueing = failurePolicies.queueing(outcomes.stream().filter(o -> o.result().retryable())
                    .map(o -> o.delivery().organizationId()).distinct().toList());
            Map<Long, RetryPolicy> schedules = new HashMap<>();
            List<Claimed> toPause = new ArrayList<>();
            Set<String> lanes = new HashSet<>();
            Columns updates = new Columns("int8", "text", "timestamptz", "timestamptz", "int4", "text", "timestamptz");
            Columns failures = new Columns("int8", "int4", "timestamptz", "int4", "int4", "text");
            for (Outcome outcome : outcomes) {
                DeliveryResult result = outcome.result();
                Claimed delivery = outcome.delivery();
                Instant ended = outcome.attemptedAt().plusMillis(outcome.latencyMillis());
                RetryPolicy schedule = !result.retryable() ? retryPolicy : schedules.computeIfAbsent(
                        delivery.instanceId(), id -> instanceOptions.retrySchedule(id, retryPolicy));
                DeliveryTransition next = DeliveryTransition.after(result, delivery.roundAttempts() + 1, schedule,
                        queueing.contains(delivery.organizationId()), ended);
                if (next.pausesTarget()) {
                    toPause.add(delivery);
                }
                Integer code = result.statusCode().isPresent() ? result.statusCode().getAsInt() : null;
                String error = result.success() ? null : result.detail();
                Timestamp attempted = Timestamp.from(outcome.attemptedAt());
                updates.add(delivery.id(), next.status().name(),
                        next.nextAttemptAt() == null ? null : Timestamp.from(next.nextAttemptAt()), attempted, code,
                        error, result.success() ? Timestamp.from(ended) : null);
                if (!result.success()) {
                    failures.add(delivery.id(), delivery.attempts() + 1, attempted, code,
                            (int) Math.min(Integer.MAX_VALUE, outcome.latencyMillis()), error);
                }
                counted(next.status()).increment();
                if (delivery.lane() != null && next.endsLaneHead()) {
                    lanes.add(delivery.lane()); // its lane's head ended: the next one goes
                }
            }
            record(connection, updates, failures);
            pause(connection, toPause);
            return lanes.isEmpty() ? 0 : DeliveryLanes.advance(connection, lanes);
        } catch (SQLException e) {
            throw new IllegalStateException("could not record delivery attempts", e);
        }
    }

    private static void record(Connection connection, Columns updates, Columns failures) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(RECORD)) {
            updates.bind(connection, update, 1);
            update.executeUpdate();
        }
        if (!failures.isEmpty()) {
            // A successful attempt is the delivery row itself (last_attempt_at, last_status_code, delivered_at);
            // the failed ones are kept here, with their errors.
            try (PreparedStatement attempt = connection.prepareStatement(RECORD_FAILED)) {
                failures.bind(connection, attempt, 1);
                attempt.executeUpdate();
            }
        }
    }

    private Counter counted(DeliveryTransition.Status status) {
        Counter counter = outcomeCounters[status.ordinal()];
        if (counter == null) {
            counter = metrics.counter("switchboard.deliveries", "outcome", status.outcomeTag());
            outcomeCounters[status.ordinal()] = counter;
        }
        return counter;
    }

    /**
     * Claims and attempt records need not wait for the WAL flush: if a crash loses one, the delivery is sent
     * again (at least once), never lost. Only the receipt's commit must be durable before the vendor's 2xx.
     */
    private static void relaxDurability(Connection connection) throws SQLException {
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL synchronous_commit = off");
        }
    }

    private static void pause(Connection connection, List<Claimed> deliveries) throws SQLException {
        if (deliveries.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO paused_target (organization_id, url) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (Claimed delivery : deliveries) {
                insert.setLong(1, delivery.organizationId());
                insert.setString(2, delivery.url());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @Override
    public Duration lease() {
        return lease;
    }

    @Override
    public Optional<Instant> nextDue() {
        return pending("min(next_attempt_at)", rs -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant));
    }

    @Override
    public long pendingCount() {
        return pending("count(*)", rs -> rs.getLong(1));
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** One aggregate over the PENDING deliveries. */
    private <T> T pending(String aggregate, Column<T> column) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT " + aggregate + " FROM delivery WHERE status = 'PENDING'");
                ResultSet rs = select.executeQuery()) {
            rs.next();
            return column.read(rs);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the delivery queue", e);
        }
    }
}
