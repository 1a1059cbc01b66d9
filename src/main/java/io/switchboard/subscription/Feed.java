package io.switchboard.subscription;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A user's pull feed: the stored notifications of the user's subscriptions, oldest first (API.md §8). */
@ApplicationScoped
public class Feed {

    /** One page of the feed and the token that continues after it. */
    public record Page(List<String> notifications, DeltaToken next) {
    }

    @Inject DataSource dataSource;

    /** A page of the feed as text: its notifications and the delta token of the next read (for the console). */
    public record TextPage(List<String> notifications, String next) {
    }

    /** Reads from a delta token as the API takes it ({@code null}: from the start). */
    public TextPage read(long organizationId, long userId, String deltaToken, int top) {
        Page page = read(organizationId, userId, DeltaToken.parse(deltaToken), top);
        return new TextPage(page.notifications(), page.next().toString());
    }

    public Page read(long organizationId, long userId, DeltaToken after, int top) {
        try (Connection connection = dataSource.getConnection()) {
            long xmin;
            try (PreparedStatement snapshot = connection.prepareStatement(
                    "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint");
                    ResultSet rs = snapshot.executeQuery()) {
                rs.next();
                xmin = rs.getLong(1);
            }
            List<String> notifications = new ArrayList<>();
            long last = after.seq();
            if (top > 0) {
                // Only what transactions finished before xmin wrote: a row of a transaction still running
                // could still be joined by a lower seq.
                try (PreparedStatement select = connection.prepareStatement("""
                        SELECT seq, notification FROM subscription_notification
                        WHERE organization_id = ? AND user_id = ? AND in_feed AND txid < ?
                          AND (seq > ? OR txid >= ?)
                        ORDER BY seq LIMIT ?""")) {
                    select.setLong(1, organizationId);
                    select.setLong(2, userId);
                    select.setLong(3, xmin);
                    select.setLong(4, after.seq());
                    select.setLong(5, after.xmin());
                    select.setInt(6, top);
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            last = Math.max(last, rs.getLong(1));
                            notifications.add(rs.getString(2));
                        }
                    }
                }
            }
            return new Page(notifications, top > 0 ? new DeltaToken(last, xmin) : after);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the feed", e);
        }
    }
}
