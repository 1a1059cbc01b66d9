package io.switchboard.history;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The history tests write deliveries straight into the database and look at them afterwards: no delivery worker
 * may take them in between.
 */
public class HistoryTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("switchboard.delivery.workers-enabled", "false");
    }
}
