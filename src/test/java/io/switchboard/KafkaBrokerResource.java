package io.switchboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One real Kafka broker ({@link KafkaBroker}) for every test of the run that asks for it (a
 * {@code QuarkusTestProfile}'s test resource), started on first use and stopped with the JVM; it sets
 * {@code switchboard.kafka.bootstrap-servers}. Tests reach it through {@link #broker()}, e.g. to stop and start it.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaBroker broker;

    public static synchronized KafkaBroker broker() {
        if (broker == null) {
            try {
                broker = KafkaBroker.startNew();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        }
        return broker;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("switchboard.kafka.bootstrap-servers", broker().bootstrapServers());
    }

    @Override
    public void stop() {
        // Shared by every Quarkus start that uses it; it stops with the JVM.
    }
}
