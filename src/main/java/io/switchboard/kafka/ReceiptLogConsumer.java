package io.switchboard.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.SwitchboardConfig;
import io.switchboard.event.ReceiptStore;
import io.switchboard.ingest.LoggedReceipts;
import io.switchboard.instance.Instances;

/**
 * Every hub node's consumer of the receipt log (API.md §11), in one consumer group: it polls large batches, stores
 * each in one database transaction ({@link LoggedReceipts}), and commits the batch's offsets only after that commit,
 * without waiting for the broker's answer before it reads on (committed again, and waited for, when partitions are
 * revoked and when the node stops). At least once: a record read again after a crash or a lost offset commit stores
 * nothing, its receipt id being stored already. One
 * partition is read by one node at a time and in order, so an instance's receipts are stored in the order they were
 * appended. A batch that cannot be stored (the database is down) is read again from its first offsets, after a
 * pause, until it can.
 *
 * <p>Metrics: {@code switchboard_receipt_log_lag_seconds} (the age of the oldest record this node read but has not
 * stored; with records behind and none in hand, the time since the last stored record was appended) and
 * {@code switchboard_receipt_log_consumer_lag_records} (records behind the end of this node's partitions).
 */
@ApplicationScoped
public class ReceiptLogConsumer {

    private static final Logger LOG = Logger.getLogger(ReceiptLogConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);

    @Inject
    KafkaClients clients;
    @Inject
    LoggedReceipts receipts;
    @Inject
    Instances instances;
    @Inject
    Clock clock;
    private final boolean logMode;
    private final String group;
    private final int batch;
    /** Append time (ms) of the oldest record read and not yet stored; 0: none in hand. */
    private final AtomicLong oldestUnstored = new AtomicLong();
    /** Append time (ms) of the last record stored; 0: none yet. */
    private final AtomicLong lastStored = new AtomicLong();
    private final AtomicLong behind = new AtomicLong();
    private final CountDownLatch stopping = new CountDownLatch(1);
    /** The next offset of each partition whose records this node stored; read and written by the consumer thread. */
    private final Map<TopicPartition, OffsetAndMetadata> stored = new HashMap<>();
    private volatile boolean running;
    private volatile Consumer<byte[], byte[]> consumer;
    private Thread thread;

    public ReceiptLogConsumer(SwitchboardConfig config, MeterRegistry metrics) {
        this.logMode = config.ingest().log() == SwitchboardConfig.Ingest.Log.KAFKA;
        this.group = config.ingest().group();
        this.batch = Math.max(1, config.ingest().logBatch());
        if (logMode) {
            Gauge.builder("switchboard.receipt.log.lag", this, ReceiptLogConsumer::lagSeconds).baseUnit("seconds")
                    .description("how far storing the receipt log is behind appending to it").register(metrics);
            Gauge.builder("switchboard.receipt.log.consumer.lag", behind, AtomicLong::get).baseUnit("records")
                    .description("receipt log records behind the end of this node's partitions").register(metrics);
        }
    }

    void start(@Observes StartupEvent event) {
        if (!logMode) {
            return;
        }
        if (!clients.enabled()) {
            throw new IllegalStateException("switchboard.ingest.log=kafka needs " + KafkaClients.BOOTSTRAP_SERVERS);
        }
        running = true;
        thread = new Thread(this::run, "receipt-log-consumer");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("Storing the receipt log (topic %s) as consumer group %s", KafkaReceiptLog.TOPIC, group);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        stopping.countDown(); // ends a pause (never an interrupt: the consumer's close would fail on it)
        if (thread != null) {
            thread.join(10_000);
        }
    }

    private void run() {
        try (Consumer<byte[], byte[]> c = clients.consumer(group, batch)) {
            consumer = c;
            c.subscribe(List.of(KafkaReceiptLog.TOPIC), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // nothing in hand (each batch is stored before the next poll); what is stored is committed
                    // before the partitions go, so that their next owner does not read it again
                    commitStored(c, partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    LOG.debugf("receipt log partitions assigned to this node: %s", partitions);
                }
            });
            try {
                while (running) {
                    ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
                    behind.set(lag(c));
                    if (!records.isEmpty()) {
                        storeAndCommit(c, records);
                    }
                }
            } finally {
                commitStored(c, stored.keySet());
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.errorf(e, "The receipt log consumer stopped unexpectedly");
        } finally {
            consumer = null;
        }
    }

    private void storeAndCommit(Consumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> records) {
        long oldest = Long.MAX_VALUE;
        long newest = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            oldest = Math.min(oldest, record.timestamp());
            newest = Math.max(newest, record.timestamp());
        }
        oldestUnstored.set(oldest);
        try {
            LoggedReceipts.Outcome outcome = receipts.store(writes(records));
            LOG.debugf("receipt log: %d records stored (%s)", records.count(), outcome);
        } catch (RuntimeException e) {
            LOG.warnf("Could not store %d receipt log records; reading them again in %s: %s", records.count(),
                    PAUSE_AFTER_FAILURE, e);
            for (TopicPartition partition : records.partitions()) {
                c.seek(partition, records.records(partition).get(0).offset());
            }
            pause();
            return;
        }
        lastStored.set(newest);
        oldestUnstored.set(0);
        stored.putAll(next(records));
        // Not waited for: the next batch is read meanwhile. A commit that fails (a rebalance took the partitions, the
        // broker is away) leaves records to be read again, which store nothing (their receipt ids are stored); the
        // next commit, a revocation or the stop commits the offsets again.
        c.commitAsync(Map.copyOf(stored), (offsets, failure) -> {
            if (failure != null) {
                LOG.debugf("Offsets of stored receipt log records not committed yet (%s); read again, stored once",
                        failure.toString());
            }
        });
    }

    /** Commits, and waits for, the stored offsets of {@code partitions}; a failure is logged (records read again). */
    private void commitStored(Consumer<byte[], byte[]> c, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = stored.remove(partition);
            if (offset != null) {
                offsets.put(partition, offset);
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            c.commitSync(offsets);
        } catch (WakeupException e) {
            try {
                c.commitSync(offsets); // the wakeup was for the poll loop; this commit still belongs to the stop
            } catch (RuntimeException again) {
                LOG.infof("Offsets of stored receipt log records not committed (%s); read again, stored once", again);
            }
        } catch (RuntimeException e) {
            LOG.infof("Offsets of stored receipt log records not committed (%s); read again, stored once", e);
        }
    }

    private List<ReceiptStore.Write> writes(ConsumerRecords<byte[], byte[]> records) {
        List<ReceiptStore.Write> writes = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                Optional<ReceiptStore.Write> write = ReceiptRecords.decode(record.value(), instances::settings);
                if (write.isPresent()) {
                    writes.add(write.get());
                } else {
                    LOG.infof("receipt log record %s-%d@%d: its instance is gone; not stored", record.topic(),
                            record.partition(), record.offset());
                }
            } catch (IllegalArgumentException e) {
                LOG.errorf("receipt log record %s-%d@%d cannot be read and is skipped: %s", record.topic(),
                        record.partition(), record.offset(), e.getMessage());
            }
        }
        return writes;
    }

    private static Map<TopicPartition, OffsetAndMetadata> next(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> own = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(own.get(own.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private static long lag(Consumer<byte[], byte[]> c) {
        long sum = 0;
        for (TopicPartition partition : c.assignment()) {
            OptionalLong lag = c.currentLag(partition);
            sum += lag.orElse(0);
        }
        return sum;
    }

    private void pause() {
        try {
            stopping.await(PAUSE_AFTER_FAILURE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    double lagSeconds() {
        long now = clock.millis();
        long oldest = oldestUnstored.get();
        if (oldest > 0) {
            return Math.max(0, now - oldest) / 1000.0;
        }
        long last = lastStored.get();
        return behind.get() > 0 && last > 0 ? Math.max(0, now - last) / 1000.0 : 0;
    }
}
