package io.switchboard.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.switchboard.instance.Instances.InstanceDeleted;

/**
 * Deliveries that have not gone out (PENDING, QUEUED) become CANCELLED when what they belong to goes: a deleted
 * instance's here, in the deleting transaction; a deleted subscription's pushes through {@link #CANCEL_TARGETS_IN}.
 */
@ApplicationScoped
public class DeliveryCancellation {

    private static final String CANCEL = "UPDATE delivery SET status = 'CANCELLED', next_attempt_at = NULL,"
            + " last_error = ? WHERE status IN ('PENDING', 'QUEUED') AND ";

    /**
     * For another package's statement, which appends {@code (subquery)} selecting the targets whose deliveries end;
     * parameter 1 is the reason recorded as their last error, the subquery's come after it.
     */
    public static final String CANCEL_TARGETS_IN = CANCEL + "target IN ";

    @Inject DataSource dataSource;

    void onDeleted(@Observes InstanceDeleted deleted) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement cancel = connection.prepareStatement(CANCEL + "instance_id = ?")) {
            cancel.setString(1, "the instance was deleted");
            cancel.setLong(2, deleted.instanceId());
            cancel.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not cancel the deleted instance's deliveries", e);
        }
    }
}
