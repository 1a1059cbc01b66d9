package io.switchboard.delivery;

import java.sql.Array;
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
import jakarta.transaction.Transactional;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.SwitchboardConfig;
import io.switchboard.element.EventKeys;
import io.switchboard.store.Columns;

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

    private final DataSource dataSource;
    private final RetryPolicy retryPolicy;
    private final Duration lease;
    private final MeterRegistry metrics;

    public PostgresDeliveryQueue(DataSource dataSource, RetryPolicy retryPolicy, SwitchboardConfig config,
            MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.retryPolicy = retryPolicy;
        // Longer than one attempt can take; it is also how long the claims of a crashed node wait before another
        // node takes them over.
        this.lease = config.delivery().timeout().plusSeconds(15);
        this.metrics = metrics;
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
            Map<Long, String> policies = failurePolicies(connection, outcomes);
            Map<Long, RetryPolicy> schedules = retrySchedules(connection, outcomes);
            List<String[]> toPause = new ArrayList<>();
            Set<String> lanes = new HashSet<>();
            Columns updates = new Columns("int8", "text", "timestamptz", "timestamptz", "int4", "text", "timestamptz");
            Columns failures = new Columns("int8", "int4", "timestamptz", "int4", "int4", "text");
            for (Outcome outcome : outcomes) {
                DeliveryResult result = outcome.result();
                Claimed delivery = outcome.delivery();
                Instant ended = outcome.attemptedAt().plusMillis(outcome.latencyMillis());
                String status;
                Instant next = null;
                if (result.success()) {
                    status = "DELIVERED";
                } else if (result.stop()) {
                    status = "FAILED";
                } else {
                    Optional<Duration> delay = schedules.getOrDefault(delivery.instanceId(), retryPolicy)
                            .nextDelay(delivery.roundAttempts() + 1, result.retryAfter());
                    if (delay.isPresent()) {
                        status = "PENDING";
                        next = ended.plus(delay.get());
                    } else if ("queue".equals(policies.get(delivery.organizationId()))) {
                        status = "QUEUED";
                        toPause.add(new String[] { Long.toString(delivery.organizationId()), delivery.url() });
                    } else {
                        status = "FAILED";
                    }
                }
                Integer code = result.statusCode().isPresent() ? result.statusCode().getAsInt() : null;
                String error = result.success() ? null : result.detail();
                Timestamp attempted = Timestamp.from(outcome.attemptedAt());
                updates.add(delivery.id(), status, next == null ? null : Timestamp.from(next), attempted, code, error,
                        result.success() ? Timestamp.from(ended) : null);
                if (!result.success()) {
                    failures.add(delivery.id(), delivery.attempts() + 1, attempted, code,
                            (int) Math.min(Integer.MAX_VALUE, outcome.latencyMillis()), error);
                }
                metrics.counter("switchboard.deliveries", "outcome", outcomeTag(status)).increment();
                if (delivery.lane() != null && !"PENDING".equals(status)) {
                    lanes.add(delivery.lane()); // its lane's head ended: the next one goes
                }
            }
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE delivery d SET status = t.status, attempts = d.attempts + 1,
                           round_attempts = d.round_attempts + 1, next_attempt_at = t.next_attempt_at,
                           last_attempt_at = t.attempted_at, last_status_code = t.status_code, last_error = t.error,
                           delivered_at = t.delivered_at
                    FROM unnest(?::int8[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::int4[], ?::text[],
                                ?::timestamptz[])
                         AS t(id, status, next_attempt_at, attempted_at, status_code, error, delivered_at)
                    WHERE d.id = t.id AND d.status = 'PENDING'""")) {
                updates.bind(connection, update, 1);
                update.executeUpdate();
            }
            if (!failures.isEmpty()) {
                // A successful attempt is the delivery row itself (last_attempt_at, last_status_code,
                // delivered_at); the failed ones are kept here, with their errors.
                try (PreparedStatement attempt = connection.prepareStatement("""
                        INSERT INTO delivery_attempt (delivery_id, attempt, attempted_at, status_code, latency_ms,
                                                      error)
                        SELECT t.* FROM unnest(?::int8[], ?::int4[], ?::timestamptz[], ?::int4[], ?::int4[],
                                               ?::text[])
                             AS t(delivery_id, attempt, attempted_at, status_code, latency_ms, error)
                        WHERE EXISTS (SELECT 1 FROM delivery WHERE id = t.delivery_id)""")) {
                    failures.bind(connection, attempt, 1);
                    attempt.executeUpdate();
                }
            }
            pause(connection, toPause);
            return lanes.isEmpty() ? 0 : DeliveryLanes.advance(connection, lanes);
        } catch (SQLException e) {
            throw new IllegalStateException("could not record delivery attempts", e);
        }
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

    private static String outcomeTag(String status) {
        return switch (status) {
            case "DELIVERED" -> "delivered";
            case "PENDING" -> "retry";
            case "QUEUED" -> "queued";
            default -> "failed";
        };
    }

    private static Map<Long, String> failurePolicies(Connection connection, List<Outcome> outcomes)
            throws SQLException {
        Map<Long, String> policies = new HashMap<>();
        Object[] organizations = outcomes.stream().filter(o -> !o.result().success())
                .map(o -> o.delivery().organizationId()).distinct().toArray();
        if (organizations.length == 0) {
            return policies;
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, failure_policy FROM organization WHERE id = ANY(?)")) {
            Array ids = connection.createArrayOf("bigint", organizations);
            select.setArray(1, ids);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    policies.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return policies;
    }

    /**
     * The retry policy of each instance of a failed attempt that sets {@code event.notification.retry.schedule}
     * (read now: a change applies to the next attempt); the others follow the hub's.
     */
    private static Map<Long, RetryPolicy> retrySchedules(Connection connection, List<Outcome> outcomes)
            throws SQLException {
        Map<Long, RetryPolicy> schedules = new HashMap<>();
        Object[] instances = outcomes.stream().filter(o -> !o.result().success())
                .map(o -> o.delivery().instanceId()).distinct().toArray();
        if (instances.length == 0) {
            return schedules;
        }
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT instance_id, value FROM instance_config
                WHERE key = ? AND value IS NOT NULL AND instance_id = ANY(?)""")) {
            select.setString(1, EventKeys.NOTIFICATION_RETRY_SCHEDULE);
            select.setArray(2, connection.createArrayOf("bigint", instances));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    try {
                        schedules.put(rs.getLong(1), new RetryPolicy(DeliveryOptions.retrySchedule(rs.getString(2))));
                    } catch (IllegalArgumentException e) {
                        // stored before values were checked: the hub's schedule applies
                    }
                }
            }
        }
        return schedules;
    }

    private static void pause(Connection connection, List<String[]> targets) throws SQLException {
        if (targets.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO paused_target (organization_id, url) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (String[] target : targets) {
                insert.setLong(1, Long.parseLong(target[0]));
                insert.setString(2, target[1]);
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
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT min(next_attempt_at) FROM delivery WHERE status = 'PENDING'");
                ResultSet rs = select.executeQuery()) {
            rs.next();
            Timestamp next = rs.getTimestamp(1);
            return Optional.ofNullable(next).map(Timestamp::toInstant);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the delivery queue", e);
        }
    }
}
