package io.switchboard.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
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
 * machine's speed): a receipt that comes soon after another still waiting for its commit waits for more before its
 * own, until the window ends, no receipt came for half of it or the batch holds enough; one after a quiet spell, or after the one before
 * was answered (a lone sender's next request), is committed at once.
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

    private final ExecutorService requests = Executors.newFixedThreadPool(ReceiptWriter.GATHER_UP_TO + 3);
    private final Map<String, Long> transactionOf = new ConcurrentHashMap<>();

    @AfterEach
    void tearDown() {
        requests.shutdownNow();
    }

    @Test
    void aReceiptThatComesWhileAnotherWaitsForItsCommitWaitsForMoreBeforeItsOwn() throws Exception {
        InstanceSettings instance = instance("gather");
        CountDownLatch held = new CountDownLatch(1);
        Future<String> waiting = store(instance, "{\"n\": 0}", held); // its commit waits until released below
        Thread.sleep(20); // a writer has taken it and holds it in its transaction
        Future<String> first = store(instance, "{\"n\": 1}"); // soon after one still waiting: it gathers
        Thread.sleep(50); // pacing: the second comes 50 ms later, well inside the window, long after a lone commit
        Future<String> second = store(instance, "{\"n\": 2}");
        held.countDown();

        String firstId = first.get(10, TimeUnit.SECONDS);
        String secondId = second.get(10, TimeUnit.SECONDS);
        assertEquals(transactionOf.get(firstId), transactionOf.get(secondId),
                "the two receipts 50 ms apart were committed together");
        assertNotEquals(transactionOf.get(waiting.get(10, TimeUnit.SECONDS)), transactionOf.get(firstId));
    }

    @Test
    void aGatheringBatchClosesWhenReceiptsStopComingForHalfTheWindow() throws Exception {
        InstanceSettings instance = instance("closes");
        CountDownLatch held = new CountDownLatch(1);
        Future<String> waiting = store(instance, "{\"n\": 0}", held);
        Thread.sleep(20);
        Future<String> first = store(instance, "{\"n\": 1}"); // it gathers, and nothing follows for 150 ms
        Thread.sleep(240); // inside the 300 ms window from the first, past half of it
        Future<String> late = store(instance, "{\"n\": 2}");
        held.countDown();

        assertNotEquals(transactionOf.get(first.get(10, TimeUnit.SECONDS)),
                transactionOf.get(late.get(10, TimeUnit.SECONDS)),
                "the batch was committed once no receipt came for half the window");
        waiting.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aGatheringBatchStopsWaitingOnceItHoldsEnoughReceipts() throws Exception {
        InstanceSettings instance = instance("full");
        CountDownLatch held = new CountDownLatch(1);
        Future<String> waiting = store(instance, "{\"n\": 0}", held);
        Thread.sleep(20);
        List<Future<String>> batch = new java.util.ArrayList<>();
        for (int i = 1; i <= ReceiptWriter.GATHER_UP_TO; i++) {
            batch.add(store(instance, "{\"n\": " + i + "}")); // close together: they gather into one batch
        }
        Thread.sleep(50); // inside the window and half of it: it would have joined a batch still waiting
        Future<String> after = store(instance, "{\"n\": 99}");
        held.countDown();

        Long afterTransaction = transactionOf.get(after.get(10, TimeUnit.SECONDS));
        for (Future<String> receipt : batch) {
            assertNotEquals(afterTransaction, transactionOf.get(receipt.get(10, TimeUnit.SECONDS)),
                    "a batch of " + ReceiptWriter.GATHER_UP_TO + " receipts was committed without waiting for more");
        }
        waiting.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLoneSendersNextReceiptIsCommittedWithoutWaitingForMore() throws Exception {
        InstanceSettings instance = instance("lone");
        store(instance, "{\"n\": 0}").get(10, TimeUnit.SECONDS);
        Future<String> next = store(instance, "{\"n\": 1}"); // soon after, but the one before was answered
        Thread.sleep(50); // inside the window: it would have joined a gathering batch
        Future<String> later = store(instance, "{\"n\": 2}");

        assertNotEquals(transactionOf.get(next.get(10, TimeUnit.SECONDS)),
                transactionOf.get(later.get(10, TimeUnit.SECONDS)),
                "the receipt after an answered one was committed at once, not gathered with the one 50 ms later");
    }

    private static InstanceSettings instance(String name) {
        return new InstanceSettings(System.nanoTime() % 1_000_000 + 900_000_000L, 1, "webhook", name, List.of(),
                false, Map.of());
    }

    private Future<String> store(InstanceSettings instance, String body) {
        return store(instance, body, new CountDownLatch(0));
    }

    /** Stores one receipt on a request thread; its transaction waits for {@code release} before it commits. */
    private Future<String> store(InstanceSettings instance, String body, CountDownLatch release) {
        ReceiptStore.Incoming incoming = new ReceiptStore.Incoming(instance, "webhook", "application/json", "json",
                body, Optional.empty(), Instant.now(), null);
        Event event = new Event("webhook", EventType.CREATED, "things", "t-1", Instant.now(), null);
        ReceiptStore.Write write = ReceiptStore.write(incoming, List.of(event), Pages.WEBHOOK_PAGE_SIZE, List.of(),
                Optional.empty());
        return requests.submit(() -> writer.write(List.of(write), stored -> {
            transactionOf.put(stored.get(0).id(), ReceiptWriterTest.currentTransaction(dataSource));
            awaitUninterruptibly(release);
        }).get(0).id());
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
