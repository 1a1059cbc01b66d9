package io.switchboard.subscription;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.switchboard.delivery.DeliveryQueue;
import io.switchboard.delivery.TargetRenderer;

/** Renders subscription pushes (target {@code subscription:<notification id>}) in the subscription's format. */
@ApplicationScoped
public class PushRenderer implements TargetRenderer {

    static final String PREFIX = "subscription:";

    @Inject DataSource dataSource;
    @Inject NotificationRendering rendering;

    @Override
    public String targetPrefix() {
        return PREFIX;
    }

    @Override
    public Map<Long, Rendered> render(List<DeliveryQueue.Claimed> deliveries) {
        Map<String, Long> deliveryOf = new HashMap<>();
        for (DeliveryQueue.Claimed delivery : deliveries) {
            deliveryOf.put(delivery.target().substring(PREFIX.length()), delivery.id());
        }
        Map<Long, Rendered> bodies = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT n.id, n.notification, s.format FROM subscription_notification n
                        JOIN subscription s ON s.id = n.subscription_id WHERE n.id = ANY(?)""")) {
            select.setArray(1, connection.createArrayOf("text", deliveryOf.keySet().toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    PushFormat format = PushFormat.ofColumn(rs.getString(3));
                    bodies.put(deliveryOf.get(rs.getString(1)), new Rendered(rs.getString(1),
                            rendering.push(format, rs.getString(2)), format.mediaType()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read subscription notifications", e);
        }
        return bodies;
    }
}
