package io.switchboard.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.switchboard.SwitchboardConfig;

/**
 * Readiness check {@value #NAME}: in log mode ({@code switchboard.ingest.log=kafka}) DOWN, with a reason, while
 * the receipt log cannot be appended to, since every webhook is then a 503; in database mode always UP. It answers
 * from what the node last learnt, never with a round trip per probe: each append reports its outcome
 * ({@link KafkaReceiptLog}); when the last fact is a failure, or none is newer than {@value #FRESH_MS} ms (an idle
 * node), the check asks the broker in the background (the topic's partitions have leaders, by the node's Admin
 * client), at most every {@value #PROBE_EVERY_MS} ms, and reports the newest fact meanwhile. The very first call
 * waits for that answer (at most {@link #PROBE_TIMEOUT}). A topic not created yet counts as reachable (the broker
 * answered; the first append creates it).
 */
@Readiness
@ApplicationScoped
public class ReceiptLogReadiness implements HealthCheck {

    static final String NAME = "receipt-log";
    static final long FRESH_MS = 5_000;
    static final long PROBE_EVERY_MS = 2_000;
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final long STUCK_MS = 10_000;

    @Inject
    KafkaClients clients;
    @Inject
    Clock clock;
    private final boolean logMode;
    /** When (ms) the broker last acknowledged an append or answered a probe; 0: never. */
    private volatile long lastReached;
    /** When (ms) an append or a probe last failed; 0: never. */
    private volatile long lastFailed;
    private volatile String reason = "";
    private volatile long lastProbe;
    private final AtomicBoolean probing = new AtomicBoolean();

    public ReceiptLogReadiness(SwitchboardConfig config) {
        this.logMode = config.ingest().log() == SwitchboardConfig.Ingest.Log.KAFKA;
    }

    /** The broker acknowledged an append. */
    void reached() {
        lastReached = clock.millis();
    }

    /** An append or a probe failed: DOWN until the broker answers again. */
    void failed(String why) {
        reason = why;
        lastFailed = clock.millis();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).withData("log",
                logMode ? "kafka" : "database");
        if (!logMode) {
            return response.up().build();
        }
        long now = clock.millis();
        long reached = lastReached;
        long failed = lastFailed;
        if (reached == 0 && failed == 0) {
            probe(now, true);
        } else if ((failed >= reached || now - reached > FRESH_MS) && now - lastProbe >= PROBE_EVERY_MS) {
            probe(now, false);
        }
        reached = lastReached;
        failed = lastFailed;
        if (reached > failed) {
            return response.up().build();
        }
        return response.down().withData("reason", failed == 0 ? "the broker has not answered yet" : reason)
                .build();
    }

    private void probe(long now, boolean wait) {
        // one probe at a time; one that never ended (it should within its timeout) does not stop the next
        if (!probing.compareAndSet(false, true) && now - lastProbe < STUCK_MS) {
            return;
        }
        probing.set(true);
        lastProbe = now;
        KafkaFuture<Void> done;
        try {
            done = clients.admin().describeTopics(List.of(KafkaReceiptLog.TOPIC),
                    new DescribeTopicsOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis())).allTopicNames()
                    .thenApply(topics -> topics.get(KafkaReceiptLog.TOPIC))
                    .whenComplete((topic, failure) -> {
                        try {
                            record(topic, failure);
                        } finally {
                            probing.set(false);
                        }
                    }).thenApply(topic -> null);
        } catch (RuntimeException e) { // the client cannot be created, or the hub is stopping
            probing.set(false);
            failed("no Kafka client for the receipt log: " + e.getMessage());
            return;
        }
        if (wait) {
            try {
                done.get(PROBE_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception recorded) {
                // the outcome is recorded by the completion above (or the next call sees no answer yet)
            }
        }
    }

    private void record(TopicDescription topic, Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof UnknownTopicOrPartitionException) {
            reached();
        } else if (cause != null) {
            failed("the Kafka broker did not answer for topic " + KafkaReceiptLog.TOPIC + ": " + cause);
        } else if (topic.partitions().stream().anyMatch(partition -> partition.leader() == null
                || partition.leader().isEmpty())) {
            failed("a partition of topic " + KafkaReceiptLog.TOPIC + " has no leader");
        } else {
            reached();
        }
    }
}
