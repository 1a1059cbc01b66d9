package io.switchboard.delivery;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Now and then advances every lane with deliveries waiting (see {@link DeliveryLanes}): a lane whose head ended
 * some other way than through the workers (a cancellation, a change made by hand in the database) goes on.
 */
@ApplicationScoped
public class LaneSweep {

    private static final Logger LOG = Logger.getLogger(LaneSweep.class);

    @Inject DataSource dataSource;
    @Inject DeliveryWakeup wakeup;

    @Scheduled(every = "${switchboard.delivery.lane-sweep}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            if (advance() > 0) {
                wakeup.signal();
            }
        } catch (RuntimeException e) {
            LOG.debugf("could not advance delivery lanes: %s", e.getMessage());
        }
    }

    /** @return how many deliveries became due */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    int advance() {
        try (Connection connection = dataSource.getConnection()) {
            return DeliveryLanes.advanceAll(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("could not advance delivery lanes", e);
        }
    }
}
