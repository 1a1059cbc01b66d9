package io.switchboard.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.SwitchboardConfig;

/**
 * The hub's one Kafka producer, shared by everything that writes to Kafka (the {@code kafka:} destination, the
 * receipt log), and the factory of the receipt log's consumers. The producer is created only when
 * {@code switchboard.kafka.bootstrap-servers} is set, at start-up; if that fails (a bootstrap name that does not resolve yet), again at the next use, so a hub started before its
 * broker's DNS name exists still comes up and its Kafka deliveries are retried meanwhile.
 */
@ApplicationScoped
public class KafkaClients {

    /** The property that turns Kafka on. */
    public static final String BOOTSTRAP_SERVERS = "switchboard.kafka.bootstrap-servers";

    private static final Logger LOG = Logger.getLogger(KafkaClients.class);
    private static final int DEFAULT_LINGER_MS = 5;

    @Inject
    KafkaConfig config;
    private final Duration timeout;
    private volatile Producer<byte[], byte[]> producer;
    private Admin admin;
    private volatile boolean closed;

    public KafkaClients(SwitchboardConfig hub) {
        this.timeout = hub.delivery().timeout();
    }

    void start(@Observes StartupEvent event) {
        if (enabled()) {
            try {
                producer();
                LOG.infof("Kafka producer ready for %s", config.bootstrapServers().get());
            } catch (RuntimeException e) {
                LOG.warnf("Could not create the Kafka producer for %s (tried again at the next send): %s",
                        config.bootstrapServers().get(), e.getMessage());
            }
        }
    }

    /** Whether {@code switchboard.kafka.bootstrap-servers} is set. */
    public boolean enabled() {
        return config.bootstrapServers().filter(servers -> !servers.isBlank()).isPresent();
    }

    /** Whether the producer exists (tests: none without Kafka configured). */
    boolean created() {
        return producer != null;
    }

    /**
     * The producer, created on first use.
     *
     * @throws IllegalStateException when Kafka is not configured or the hub is stopping
     * @throws org.apache.kafka.common.KafkaException when the client cannot be created (bad bootstrap servers)
     */
    public Producer<byte[], byte[]> producer() {
        Producer<byte[], byte[]> current = producer;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the hub is stopping");
            }
            if (!enabled()) {
                throw new IllegalStateException(BOOTSTRAP_SERVERS + " is not set on this hub node");
            }
            if (producer == null) {
                producer = new KafkaProducer<>(producerProperties(config.bootstrapServers().get(),
                        config.properties(), timeout), new ByteArraySerializer(), new ByteArraySerializer());
            }
            return producer;
        }
    }

    /**
     * The producer's configuration: the user's {@code switchboard.kafka.properties.*}, then what the hub's
     * guarantees rest on, which they cannot change: {@code acks=all} and idempotence (a record acknowledged is on
     * every in-sync replica, a retried one is written once, in order per partition), and timeouts within the
     * delivery timeout (an attempt ends by then, within the delivery's claim, and a send never blocks longer).
     */
    static Map<String, Object> producerProperties(String bootstrapServers, Map<String, String> user, Duration timeout) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "switchboard");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(DEFAULT_LINGER_MS));
        // Back soon after a broker returns: the default grows to 1 s anyway, keep it there.
        properties.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        properties.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "1000");
        properties.putAll(user);
        long timeoutMs = Math.max(1, timeout.toMillis());
        long lingerMs = Optional.ofNullable(properties.get(ProducerConfig.LINGER_MS_CONFIG)).map(Object::toString)
                .map(String::trim).map(Long::parseLong).orElse((long) DEFAULT_LINGER_MS);
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeoutMs));
        // The producer's own rule: delivery.timeout.ms >= linger.ms + request.timeout.ms.
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeoutMs + lingerMs));
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeoutMs));
        properties.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        properties.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        properties.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return properties;
    }

    /**
     * The node's Admin client (readiness probes of the receipt log), created on first use: the user's
     * {@code switchboard.kafka.properties.*} that are Admin settings, and the bootstrap servers.
     *
     * @throws IllegalStateException when Kafka is not configured or the hub is stopping
     */
    public synchronized Admin admin() {
        if (closed) {
            throw new IllegalStateException("the hub is stopping");
        }
        if (!enabled()) {
            throw new IllegalStateException(BOOTSTRAP_SERVERS + " is not set on this hub node");
        }
        if (admin == null) {
            Map<String, Object> properties = new HashMap<>();
            properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "switchboard-admin");
            properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
            // a call with no broker to send it to ends by then (a call's own timeoutMs does not end that wait)
            properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
            properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
            config.properties().forEach((name, value) -> {
                if (AdminClientConfig.configNames().contains(name)) {
                    properties.put(name, value);
                }
            });
            properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers().get());
            admin = Admin.create(properties);
        }
        return admin;
    }

    /**
     * A new consumer of the hub's consumer group {@code groupId} (the caller's to close): the user's
     * {@code switchboard.kafka.properties.*}, then what the receipt log rests on: offsets committed by the hub only
     * (after the database commit), read committed, from the earliest record when the group has no offset yet.
     */
    public Consumer<byte[], byte[]> consumer(String groupId, int maxPollRecords) {
        if (!enabled()) {
            throw new IllegalStateException(BOOTSTRAP_SERVERS + " is not set on this hub node");
        }
        return new KafkaConsumer<>(consumerProperties(config.bootstrapServers().get(), config.properties(), groupId,
                maxPollRecords), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static Map<String, Object> consumerProperties(String bootstrapServers, Map<String, String> user, String groupId,
            int maxPollRecords) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "switchboard-receipts");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
        properties.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        // A node killed holds its partitions (their receipts unstored) until its session ends: 10 s, not 45 s.
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
        user.forEach((name, value) -> {
            if (ConsumerConfig.configNames().contains(name)) { // the producer's settings stay the producer's
                properties.put(name, value);
            }
        });
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        properties.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        return properties;
    }

    @PreDestroy
    synchronized void close() {
        closed = true;
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
        if (producer != null) {
            // What is in flight is acknowledged (or fails and is retried from the queue) before the hub stops.
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
