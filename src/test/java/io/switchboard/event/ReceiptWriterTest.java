package io.switchboard.event;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.SwitchboardConfig;
import io.switchboard.instance.InstanceSettings;

/**
 * Group commit: receipts that arrive while the writers are busy are committed together, in one transaction, and a
 * request whose part of a batch fails fails alone.
 */
@QuarkusTest
class ReceiptWriterTest {

    private static final AtomicLong INSTANCE_IDS = new AtomicLong(System.nanoTime() % 1_000_000 + 800_000_000L);

    @Inject
    ReceiptWriter writer;
    @Inject
    DataSource dataSource;
    @Inject
    SwitchboardConfig config;

    private final ExecutorService requests = Executors.newFixedThreadPool(16);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        requests.shutdownNow();
    }

    @Test
    void receiptsArrivingWhileTheWritersAreBusyShareOneTransaction() throws Exception {
        InstanceSettings instance = instance();
        occupyEveryWriter(instance);
        Map<String, Long> transactionOf = new ConcurrentHashMap<>();
        List<Future<List<ReceiptStore.Stored>>> waiting = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            waiting.add(requests.submit(() -> writer.write(List.of(write(instance, "{\"n\": 1}")),
                    stored -> transactionOf.put(stored.get(0).id(), currentTransaction()))));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.waiting() == 8);

        release.countDown();

        List<String> ids = new ArrayList<>();
        for (Future<List<ReceiptStore.Stored>> request : waiting) {
            ids.add(request.get(10, TimeUnit.SECONDS).get(0).id());
        }
        assertEquals(8, Set.copyOf(ids).size(), "each request has its own receipt");
        long transactions = transactionOf.values().stream().distinct().count();
        assertTrue(transactions <= Math.min(8, config.ingest().writers()),
                "8 waiting requests committed in " + transactions + " transactions");
        assertEquals(8, count("SELECT count(*) FROM receipt WHERE id = ANY(?)", ids.toArray(String[]::new)));
        assertEquals(8, count("SELECT count(*) FROM event WHERE receipt_id = ANY(?)", ids.toArray(String[]::new)));
    }

    @Test
    void aRequestWhoseWorkFailsFailsAloneAndTheRestOfItsBatchIsStored() throws Exception {
        InstanceSettings instance = instance();
        occupyEveryWriter(instance);
        ReceiptStore.Write bad = write(instance, "{\"bad\": true}");
        Future<List<ReceiptStore.Stored>> failing = requests.submit(() -> writer.write(List.of(bad), stored -> {
            throw new IllegalStateException("this request's observer fails");
        }));
        List<Future<List<ReceiptStore.Stored>>> good = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            good.add(requests.submit(() -> writer.write(List.of(write(instance, "{\"good\": true}")), stored -> {
            })));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.waiting() == 4);

        release.countDown();

        java.util.concurrent.ExecutionException failure = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> failing.get(10, TimeUnit.SECONDS));
        assertTrue(String.valueOf(failure.getCause().getMessage()).contains("observer fails"), failure.toString());
        assertEquals(0, count("SELECT count(*) FROM receipt WHERE id = ANY(?)", new String[] { bad.receiptId() }));
        List<String> stored = new ArrayList<>();
        for (Future<List<ReceiptStore.Stored>> request : good) {
            stored.add(request.get(10, TimeUnit.SECONDS).get(0).id());
        }
        assertEquals(3, count("SELECT count(*) FROM receipt WHERE id = ANY(?)", stored.toArray(String[]::new)));
    }

    /** Sends one request per writer whose transaction waits for {@link #release}, and waits until all wait. */
    private void occupyEveryWriter(InstanceSettings instance) {
        int writers = config.ingest().writers();
        CountDownLatch inside = new CountDownLatch(writers);
        Consumer<List<ReceiptStore.Stored>> hold = stored -> {
            inside.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        for (int i = 0; i < writers; i++) {
            requests.submit(() -> writer.write(List.of(write(instance, "{\"hold\": true}")), hold));
            // one at a time, so that each lands in a batch of its own
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.waiting() == 0);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> inside.getCount() == 0);
    }

    private static InstanceSettings instance() {
        return new InstanceSettings(INSTANCE_IDS.incrementAndGet(), 1, "webhook", "group commit", List.of(), false,
                Map.of());
    }

    private static ReceiptStore.Write write(InstanceSettings instance, String body) {
        ReceiptStore.Incoming incoming = new ReceiptStore.Incoming(instance, "webhook", "application/json", "json",
                body, Optional.empty(), Instant.now(), null);
        Event event = new Event("webhook", EventType.CREATED, "things", "t-1", Instant.now(), null);
        return ReceiptStore.write(incoming, List.of(event), Pages.WEBHOOK_PAGE_SIZE, List.of(), Optional.empty());
    }

    /** The id of the transaction the calling code runs in (the writer's, inside {@code inTransaction}). */
    private long currentTransaction() {
        return currentTransaction(dataSource);
    }

    /** The id of the transaction the calling code runs in, on {@code dataSource}. */
    static long currentTransaction(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT txid_current()")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql, String[] ids) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                java.sql.PreparedStatement select = connection.prepareStatement(sql)) {
            select.setArray(1, connection.createArrayOf("text", ids));
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
