package io.switchboard.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Deliveries of notification pages each to its own URL (a subscription's push address), written by another package's
 * statement in its one round trip: it composes {@link #SQL} as a data-modifying CTE and binds the rows gathered here.
 * A delivery to a URL its organization has paused is created QUEUED, any other PENDING and due now.
 */
public final class UrlDeliveryInsert {

    /**
     * The CTE body; {@code RETURNING status}. Its parameters, bound by {@link #bind}: organization, instance, the
     * target prefix, then the rows (ids, pages, urls) and the organization again.
     */
    public static final String SQL = """
            INSERT INTO delivery (notification_id, organization_id, instance_id, target, url, status, next_attempt_at)
            SELECT t.page, ?, ?, ? || t.id, t.url, s.status, CASE WHEN s.status = 'PENDING' THEN now() END
            FROM unnest(?::text[], ?::text[], ?::text[]) AS t(id, page, url)
            CROSS JOIN LATERAL (SELECT CASE WHEN EXISTS (
                SELECT 1 FROM paused_target pt WHERE pt.organization_id = ? AND pt.url = t.url FOR SHARE)
                THEN 'QUEUED' ELSE 'PENDING' END AS status) s
            RETURNING status""";

    private final String targetPrefix;
    private final List<String> ids = new ArrayList<>();
    private final List<String> pages = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();

    /** @param targetPrefix each delivery's target is this followed by its row's id, e.g. {@code subscription:} */
    public UrlDeliveryInsert(String targetPrefix) {
        this.targetPrefix = targetPrefix;
    }

    /** A delivery of notification {@code page} to {@code url}, its target named by {@code id}. */
    public void add(String id, String page, String url) {
        ids.add(id);
        pages.add(page);
        urls.add(url);
    }

    /** Binds {@link #SQL}'s parameters from {@code index}; returns the index after them. */
    public int bind(Connection connection, PreparedStatement statement, int index, long organizationId,
            long instanceId) throws SQLException {
        int p = index;
        statement.setLong(p++, organizationId);
        statement.setLong(p++, instanceId);
        statement.setString(p++, targetPrefix);
        statement.setArray(p++, connection.createArrayOf("text", ids.toArray()));
        statement.setArray(p++, connection.createArrayOf("text", pages.toArray()));
        statement.setArray(p++, connection.createArrayOf("text", urls.toArray()));
        statement.setLong(p++, organizationId);
        return p;
    }
}
