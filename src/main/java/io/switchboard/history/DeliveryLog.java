package io.switchboard.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.api.Problem;
import io.switchboard.delivery.DeliveryStatus;

/** An instance's deliveries, newest first (API.md §7); scoped by organization and instance. */
@ApplicationScoped
public class DeliveryLog {

    private final DataSource dataSource;

    public DeliveryLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Page<DeliveryView> list(long organizationId, long instanceId, DeliveryStatus status, int pageSize,
            String nextPage) {
        Long after = PageToken.delivery(nextPage);
        List<Object> params = new ArrayList<>(List.of(organizationId, instanceId));
        StringBuilder sql = new StringBuilder("SELECT " + Rows.DELIVERY_COLUMNS + """
                 FROM delivery d JOIN notification n ON n.id = d.notification_id
                WHERE d.organization_id = ? AND d.instance_id = ?""");
        if (status != null) {
            sql.append(" AND d.status = ?");
            params.add(status.name());
        }
        if (after != null) {
            sql.append(" AND d.id < ?");
            params.add(after);
        }
        sql.append(" ORDER BY d.id DESC LIMIT ?");
        params.add(pageSize + 1);

        List<DeliveryView> items = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                select.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    items.add(Rows.delivery(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read deliveries", e);
        }
        if (items.size() <= pageSize) {
            return new Page<>(items, null);
        }
        items.remove(pageSize);
        return new Page<>(items, PageToken.delivery(items.get(pageSize - 1).id()));
    }

    public DeliveryView get(long organizationId, long instanceId, long deliveryId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT " + Rows.DELIVERY_COLUMNS + """
                         FROM delivery d JOIN notification n ON n.id = d.notification_id
                        WHERE d.id = ? AND d.organization_id = ? AND d.instance_id = ?""")) {
            select.setLong(1, deliveryId);
            select.setLong(2, organizationId);
            select.setLong(3, instanceId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw notFound(instanceId, deliveryId);
                }
                return Rows.delivery(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the delivery", e);
        }
    }

    static Problem notFound(long instanceId, long deliveryId) {
        return Problem.notFound("instance " + instanceId + " has no delivery " + deliveryId
                + "; GET /instances/" + instanceId + "/deliveries lists them");
    }
}
