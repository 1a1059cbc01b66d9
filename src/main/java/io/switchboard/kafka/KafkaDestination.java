package io.switchboard.kafka;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;

import io.switchboard.delivery.DeliveryDestination;
import io.switchboard.delivery.DeliveryQueue;
import io.switchboard.delivery.DeliveryResult;
import io.switchboard.outbound.TargetRefusedException;

/**
 * {@code kafka:<topic>} as a notification URL (API.md §11): each notification is produced to the topic (see
 * {@link KafkaRecords}) and is delivered when the broker acknowledged it with {@code acks=all}. A failure is a
 * retryable {@link DeliveryResult}, so the queue retries it on the instance's schedule like a callback, except for
 * what no retry can fix (a record larger than the broker takes, a topic name the broker refuses).
 *
 * <p>Sends are made off the worker's thread, one {@link TopicLane} per topic, each in the order the worker hands them
 * over: a send can block (up to the delivery timeout) while the producer waits for a topic's metadata, and must
 * hold neither the worker nor the other topics.
 */
@ApplicationScoped
public class KafkaDestination implements DeliveryDestination {

    static final String PREFIX = "kafka:";

    @Inject
    KafkaClients clients;
    private final ConcurrentHashMap<String, TopicLane> lanes = new ConcurrentHashMap<>();
    private volatile ExecutorService sending;


    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public void checkConfigured(String label, String url) {
        if (!clients.enabled()) {
            throw new TargetRefusedException(label + " is a kafka: destination, but this hub has no Kafka: set "
                    + KafkaClients.BOOTSTRAP_SERVERS + " to use one");
        }
        String problem = KafkaTopics.problem(url.substring(PREFIX.length()));
        if (problem != null) {
            throw new TargetRefusedException(label + " " + problem);
        }
    }

    @Override
    public CompletionStage<Optional<DeliveryResult>> send(DeliveryQueue.Claimed delivery, Map<String, String> headers,
            byte[] body, long notAfterNanos) {
        CompletableFuture<Optional<DeliveryResult>> result = new CompletableFuture<>();
        String topic = delivery.url().substring(PREFIX.length());
        long queuedAt = System.nanoTime();
        try {
            TopicLane lane = lanes.computeIfAbsent(topic, t -> new TopicLane(sending()));
            lane.submit(() -> {
                if (System.nanoTime() - notAfterNanos > 0) {
                    result.complete(Optional.empty());
                    return;
                }
                String unavailable = lane.unavailableFor(queuedAt);
                if (unavailable != null) {
                    result.complete(Optional.of(DeliveryResult.ioFailure(unavailable)));
                    return;
                }
                AtomicBoolean inSend = new AtomicBoolean(true);
                try {
                    ProducerRecord<byte[], byte[]> record = KafkaRecords.record(topic, delivery.instanceId(), headers,
                            body);
                    clients.producer().send(record, (metadata, failure) -> {
                        DeliveryResult outcome = outcome(topic, metadata, failure);
                        if (failure instanceof TimeoutException && inSend.get()) {
                            // Called back within send(): no metadata (or no buffer room) within max.block.ms, so
                            // the broker is away. (A record that expires later is called back from the I/O thread.)
                            lane.markUnavailable(outcome.detail());
                        }
                        result.complete(Optional.of(outcome));
                    });
                    inSend.set(false);
                } catch (RuntimeException e) {
                    result.complete(Optional.of(outcome(topic, null, e)));
                }
            });
        } catch (RuntimeException e) { // stopping: the pool takes no more
            result.complete(Optional.of(outcome(topic, null, e)));
        }
        return result;
    }

    /** The one place that says what a Kafka answer means for a delivery. */
    static DeliveryResult outcome(String topic, RecordMetadata metadata, Exception failure) {
        if (failure == null) {
            return DeliveryResult.delivered("kafka topic " + topic + " partition " + metadata.partition() + " offset "
                    + metadata.offset());
        }
        String detail = "kafka topic " + topic + ": " + (failure.getMessage() == null
                ? failure.getClass().getSimpleName() : failure.getMessage());
        if (failure instanceof RecordTooLargeException || failure instanceof InvalidTopicException
                || failure instanceof SerializationException) {
            return DeliveryResult.refused(detail);
        }
        return DeliveryResult.ioFailure(detail);
    }

    private ExecutorService sending() {
        ExecutorService current = sending;
        if (current == null) {
            synchronized (this) {
                if (sending == null) {
                    // A thread per topic at most that is draining now; they end after a minute without work.
                    AtomicInteger count = new AtomicInteger();
                    sending = Executors.newCachedThreadPool(runnable -> {
                        Thread thread = new Thread(runnable, "kafka-send-" + count.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
                }
                current = sending;
            }
        }
        return current;
    }

    @PreDestroy
    synchronized void stop() {
        if (sending != null) {
            sending.shutdown();
        }
    }
}
