package io.switchboard.kafka;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** {@code switchboard.kafka.*} (API.md §11, README "Kafka"). */
@ConfigMapping(prefix = "switchboard.kafka")
public interface KafkaConfig {

    /** The Kafka cluster, {@code host:port[,host:port…]}; unset: the hub speaks no Kafka and creates no client. */
    Optional<String> bootstrapServers();

    /**
     * Kafka client properties passed on as they are, e.g. {@code switchboard.kafka.properties."security.protocol"}
     * or {@code sasl.*}, {@code ssl.*}, {@code client.id}, {@code linger.ms}, {@code compression.type}. The ones
     * the hub's guarantees rest on ({@link KafkaClients#producerProperties}) cannot be changed here.
     */
    Map<String, String> properties();
}
