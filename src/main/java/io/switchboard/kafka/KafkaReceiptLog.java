package io.switchboard.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.switchboard.SwitchboardConfig;
import io.switchboard.api.Outages;
import io.switchboard.error.HubError;
import io.switchboard.event.ReceiptStore;
import io.switchboard.ingest.ReceiptLog;

/**
 * The receipt log on Kafka (API.md §11): each receipt is one record of topic {@value #TOPIC} (key: the instance id,
 * value: {@link ReceiptRecords}), produced by the node's idempotent {@code acks=all} producer; {@link #append}
 * returns when the broker acknowledged every record, so the vendor's 200 follows the acknowledgement. A broker that
 * cannot be reached within the producer's timeouts is a 503 (nothing acknowledged to the vendor).
 */
@ApplicationScoped
public class KafkaReceiptLog implements ReceiptLog {

    /** The receipt log's topic. */
    public static final String TOPIC = "switchboard.receipts";

    private static final Logger LOG = Logger.getLogger(KafkaReceiptLog.class);

    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    @Inject
    KafkaClients clients;
    @Inject
    @Readiness
    ReceiptLogReadiness readiness;
    private final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS - 1);
    /** How long an append may wait for its acknowledgements: the producer's own delivery timeout, and a little. */
    private final Duration wait;

    public KafkaReceiptLog(SwitchboardConfig config) {
        this.wait = config.delivery().timeout().multipliedBy(2).plusSeconds(1);
    }

    @Override
    public void append(List<ReceiptStore.Write> writes) {
        List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>(writes.size());
        try {
            for (ReceiptStore.Write write : writes) {
                CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
                clients.producer().send(new ProducerRecord<>(TOPIC, ReceiptRecords.key(write),
                        ReceiptRecords.encode(write)), (metadata, failure) -> {
                            if (failure != null) {
                                ack.completeExceptionally(failure);
                            } else {
                                ack.complete(metadata);
                            }
                        });
                acks.add(ack);
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(wait.toMillis(),
                    TimeUnit.MILLISECONDS);
            readiness.reached();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(e);
        } catch (ExecutionException e) {
            throw unreachable(e.getCause());
        } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
            throw unreachable(e);
        }
    }

    private HubError unreachable(Throwable cause) {
        readiness.failed("the receipt log (Kafka topic " + TOPIC + ") did not acknowledge an append: " + cause);
        long now = System.nanoTime();
        long last = lastWarned.get();
        if (now - last > WARN_EVERY_NANOS && lastWarned.compareAndSet(last, now)) {
            LOG.warnf("The receipt log (Kafka topic %s) did not acknowledge a receipt; webhooks are answered 503: %s",
                    TOPIC, cause);
        }
        return HubError.unavailable("the hub's receipt log (Kafka) is unreachable just now; this webhook was not "
                + "accepted. Send it again after the Retry-After delay", Outages.RETRY_AFTER);
    }
}
