package io.switchboard.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.history.HistoryTestProfile;

/**
 * A node wakes when another node sharing the database commits deliveries: the other node's {@code NOTIFY} on the
 * deliveries channel reaches this node's dispatcher as a queue signal. The workers are off here, so that nothing
 * but this test takes the signal.
 */
@QuarkusTest
@TestProfile(HistoryTestProfile.class)
class ClusterWakeTest {

    @Inject
    DeliveryWakeup wakeup;
    @Inject
    DataSource dataSource;

    @Test
    void anotherNodesNotifyWakesThisNode() throws Exception {
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(300)).until(() -> !wakeup.takeQueueSignal());
        assertFalse(wakeup.takeQueueSignal(), "no signal before the other node commits");

        // What another node's ClusterSignals sends after a commit that created deliveries, on a connection of its own.
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_notify('" + DeliveryWakeup.CHANNEL + "', '')");
        }

        await().atMost(Duration.ofSeconds(10)).until(wakeup::takeQueueSignal);
    }
}
