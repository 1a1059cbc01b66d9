package io.switchboard.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.instance.InstanceSettings;

/**
 * The gathering window ({@code switchboard.ingest.gather}, here 300 ms so that the test does not depend on the
 * machine's speed): a receipt that comes soon after another waits for more before its commit, while the writers
 * are idle; one after a quiet spell is committed at once.
 */
@QuarkusTest
@TestProfile(ReceiptWriterGatherTest.Gather.class)
class ReceiptWriterGatherTest {

    /** A wide window. */
    public static class Gather implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.ingest.gather", "300ms");
        }
    }

    @Inject
    ReceiptWriter writer;
    @Inject
    DataSource dataSource;

    private final ExecutorService requests = Executors.newFixedThreadPool(2);
    private final Map<String, Long> transactionOf = new ConcurrentHashMap<>();

    @AfterEach
    void tearDown() {
        requests.shutdownNow();
    }

    @Test
    void receiptsComingCloseTogetherWhileTheWritersAreIdleShareOneCommit() throws Exception {
        InstanceSettings instance = new InstanceSettings(System.nanoTime() % 1_000_000 + 900_000_000L, 1, "webhook",
                "gather", List.of(), false, Map.of());
        String alone = store(instance, "{\"n\": 0}").get(10, TimeUnit.SECONDS);
        Future<String> first = store(instance, "{\"n\": 1}"); // soon after the one before: it gathers
        Thread.sleep(50); // pacing: the second comes 50 ms later, well inside the window, long after a lone commit
        Future<String> second = store(instance, "{\"n\": 2}");

        String firstId = first.get(10, TimeUnit.SECONDS);
        String secondId = second.get(10, TimeUnit.SECONDS);
        assertEquals(transactionOf.get(firstId), transactionOf.get(secondId),
                "the two receipts 50 ms apart were committed together");
        assertNotEquals(transactionOf.get(alone), transactionOf.get(firstId));
    }

    private Future<String> store(InstanceSettings instance, String body) {
        ReceiptStore.Incoming incoming = new ReceiptStore.Incoming(instance, "webhook", "application/json", "json",
                body, Optional.empty(), Instant.now(), null);
        Event event = new Event("webhook", EventType.CREATED, "things", "t-1", Instant.now(), null);
        ReceiptStore.Write write = ReceiptStore.write(incoming, List.of(event), Pages.WEBHOOK_PAGE_SIZE, List.of(),
                Optional.empty());
        return requests.submit(() -> writer.write(List.of(write), stored -> transactionOf.put(stored.get(0).id(),
                ReceiptWriterTest.currentTransaction(dataSource))).get(0).id());
    }
}
