package io.switchboard.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.switchboard.store.Retained;

/**
 * The deliveries of removed notifications (whatever their status; their attempts cascade), and the lanes of
 * removed replays.
 */
@ApplicationScoped
public class DeliveryRetention implements Retained {

    @Inject DataSource dataSource;

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public int removeWith(Parent parent, Collection<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        String sql = switch (parent) {
            case NOTIFICATION -> "DELETE FROM delivery WHERE notification_id = ANY (?)";
            case LANE -> "DELETE FROM delivery_lane WHERE lane = ANY (?)";
        };
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setObject(1, ids.toArray(new String[0]));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not remove old deliveries", e);
        }
    }
}
