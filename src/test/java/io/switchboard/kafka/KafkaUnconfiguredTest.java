package io.switchboard.kafka;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.TestTenant;

/** A hub without {@code switchboard.kafka.bootstrap-servers}: no Kafka client, and a kafka: URL is a clear 400. */
@QuarkusTest
class KafkaUnconfiguredTest {

    @Inject
    KafkaClients clients;

    @Test
    void aKafkaCallbackWithoutKafkaIsA400NamingTheKeyAndTheSetting() {
        TestTenant.of(getClass()).platform().body(Map.of("element", Map.of("key", "webhook"), "name", "k",
                "configuration", Map.of("event.notification.enabled", "true",
                        "event.notification.callback.url", "kafka:notifications")))
                .post(TestTenant.BASE + "/instances").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("event.notification.callback.url"))
                .body("detail", containsString("switchboard.kafka.bootstrap-servers"));
    }

    @Test
    void noKafkaClientIsCreated() {
        org.junit.jupiter.api.Assertions.assertFalse(clients.enabled());
        org.junit.jupiter.api.Assertions.assertFalse(clients.created());
    }
}
