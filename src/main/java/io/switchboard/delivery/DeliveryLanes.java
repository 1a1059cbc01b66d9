package io.switchboard.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Lanes of deliveries that go out a few at a time, in id order (API.md §7): an ordered instance's callbacks, one at
 * a time, and a replay's, as many at once as its window. A delivery in a lane is created PENDING with no
 * {@code next_attempt_at}, so no claim sees it; when its lane has room it is made due and from then on is an
 * ordinary delivery (claimed, retried, its claim lapsing after a crash). Only one delivery of an ordered instance is
 * ever due or claimed, on whatever node: two nodes cannot send two of them at once, and a crash can repeat the head
 * but never pass it.
 * <p>
 * Every change that could give a lane room (new deliveries, a head ended, a redelivery) calls {@link #advance} in
 * its own transaction. The lane's advisory lock, held to that commit, serializes them: the next one sees what the
 * last one made due.
 */
public final class DeliveryLanes {

    private static final String ORDERED_PREFIX = "instance:";

    private static final String MAKE_DUE = """
            UPDATE delivery SET next_attempt_at = now()
            WHERE id IN (SELECT id FROM delivery
                         WHERE lane = ? AND status = 'PENDING' AND next_attempt_at IS NULL
                         ORDER BY id
                         LIMIT greatest(0, coalesce((SELECT lane_window FROM delivery_lane WHERE lane = ?), 1)
                               - (SELECT count(*) FROM delivery
                                  WHERE lane = ? AND status = 'PENDING' AND next_attempt_at IS NOT NULL)))""";

    private DeliveryLanes() {
    }

    /** Gives a lane room for {@code window} deliveries under way at once (a lane not opened has room for one). */
    public static void open(Connection connection, String lane, int window) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO delivery_lane (lane, lane_window) VALUES (?, ?)
                ON CONFLICT (lane) DO UPDATE SET lane_window = excluded.lane_window""")) {
            insert.setString(1, lane);
            insert.setInt(2, window);
            insert.executeUpdate();
        }
    }

    /**
     * Closes a lane: nothing more of it is made due, and what of it is PENDING or QUEUED becomes CANCELLED (a
     * delivery already in flight may still arrive). Each statement commits on its own ({@code connection} in
     * autocommit), and rows another transaction holds (recording an attempt, making one due) are skipped and taken
     * on a later pass once it commits: waiting for them while holding others could deadlock with it.
     *
     * @return how many were cancelled
     */
    public static int close(Connection connection, String lane, String reason) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE delivery_lane SET lane_window = 0 WHERE lane = ?")) {
            update.setString(1, lane);
            update.executeUpdate();
        }
        int cancelled = 0;
        try (PreparedStatement cancel = connection.prepareStatement("""
                UPDATE delivery SET status = 'CANCELLED', next_attempt_at = NULL, last_error = ?
                WHERE id IN (SELECT id FROM delivery WHERE lane = ? AND status IN ('PENDING', 'QUEUED')
                             FOR UPDATE SKIP LOCKED)""");
                PreparedStatement left = connection.prepareStatement(
                        "SELECT count(*) FROM delivery WHERE lane = ? AND status IN ('PENDING', 'QUEUED')")) {
            cancel.setString(1, reason);
            cancel.setString(2, lane);
            left.setString(1, lane);
            for (int pass = 0; pass < 200; pass++) {
                cancelled += cancel.executeUpdate();
                try (ResultSet rs = left.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        break;
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return cancelled;
    }

    /** The lane of an ordered instance's callback deliveries. */
    public static String ordered(long instanceId) {
        return ORDERED_PREFIX + instanceId;
    }

    /** Whether {@code lane} (null: none) is an ordered instance's, where one delivery at a time goes. */
    public static boolean isOrdered(String lane) {
        return lane != null && lane.startsWith(ORDERED_PREFIX);
    }

    /**
     * Makes due the next waiting deliveries of each lane, as many as it has room for, in the caller's transaction;
     * the caller wakes the workers after its commit when this returns more than 0.
     */
    public static int advance(Connection connection, Collection<String> lanes) throws SQLException {
        int due = 0;
        // Locks taken in one order by everyone: never a deadlock between two transactions advancing lanes.
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))");
                PreparedStatement makeDue = connection.prepareStatement(MAKE_DUE)) {
            for (String lane : new TreeSet<>(lanes)) {
                lock.setString(1, lane);
                lock.execute();
                // A statement of its own after the lock: it sees what the lock's last holder committed.
                makeDue.setString(1, lane);
                makeDue.setString(2, lane);
                makeDue.setString(3, lane);
                due += makeDue.executeUpdate();
            }
        }
        return due;
    }

    /**
     * Advances every lane that has waiting deliveries: after changes that do not name their lanes (a redelivery, a
     * cancellation), and now and then as a safety net.
     */
    public static int advanceAll(Connection connection) throws SQLException {
        List<String> lanes = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT DISTINCT lane FROM delivery
                WHERE lane IS NOT NULL AND status = 'PENDING' AND next_attempt_at IS NULL""");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                lanes.add(rs.getString(1));
            }
        }
        return lanes.isEmpty() ? 0 : advance(connection, lanes);
    }
}
