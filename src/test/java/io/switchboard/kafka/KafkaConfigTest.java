package io.switchboard.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** How {@code switchboard.kafka.*} is read: client properties pass with their dotted names. */
class KafkaConfigTest {

    @Test
    void clientPropertiesKeepTheirDottedNames() {
        KafkaConfig kafka = mapping(new PropertiesConfigSource(Map.of(
                "switchboard.kafka.bootstrap-servers", "k1:9092,k2:9092",
                "switchboard.kafka.properties.security.protocol", "SASL_SSL",
                "switchboard.kafka.properties.\"sasl.jaas.config\"", "x required;",
                "switchboard.kafka.properties.linger.ms", "20"), "test", 100));
        assertEquals("k1:9092,k2:9092", kafka.bootstrapServers().orElseThrow());
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", "x required;", "linger.ms", "20"),
                kafka.properties());
    }

    @Test
    void unsetMeansNoKafkaAndNoProperties() {
        KafkaConfig kafka = mapping(new PropertiesConfigSource(Map.of(), "test", 100));
        assertTrue(kafka.bootstrapServers().isEmpty());
        assertTrue(kafka.properties().isEmpty());
    }

    @Test
    void theBootstrapServersComeFromTheEnvironmentToo() {
        KafkaConfig kafka = mapping(new EnvConfigSource(Map.of("SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"),
                300));
        assertEquals("kafka:9092", kafka.bootstrapServers().orElseThrow());
    }

    private static KafkaConfig mapping(org.eclipse.microprofile.config.spi.ConfigSource source) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(KafkaConfig.class).withSources(source)
                .build();
        return config.getConfigMapping(KafkaConfig.class);
    }
}
