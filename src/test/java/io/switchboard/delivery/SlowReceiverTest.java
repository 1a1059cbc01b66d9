package io.switchboard.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.CallbackReceiver;
import io.switchboard.InjectCallbackReceiver;
import io.switchboard.TestTenant;

/**
 * One slow receiver does not hold up everyone else's callbacks: a callback URL gets at most its share of the
 * node's deliveries in flight (a quarter of max-in-flight while it is slow, here 2 of 8), and what comes for it
 * beyond that waits in the queue instead of in front of other receivers' deliveries.
 */
@QuarkusTest
@TestProfile(SlowReceiverTest.SmallBudget.class)
class SlowReceiverTest {

    @InjectCallbackReceiver
    CallbackReceiver callbacks;

    /** 8 deliveries in flight on this node, 1 call at a time per host. */
    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.delivery.max-in-flight", "8", "switchboard.delivery.max-per-host", "1");
        }
    }

    @Test
    void aSlowReceiverDoesNotHoldUpAFastOne() {
        TestTenant tenant = TestTenant.create();
        String slow = "/slow/" + UUID.randomUUID();
        callbacks.server().stubFor(post(urlPathEqualTo(slow))
                .willReturn(aResponse().withStatus(200).withFixedDelay(1500)));
        String fast = callbacks.newCallback();
        long slowInstance = DeliveryBehaviourTest.instance(tenant, callbacks.url(slow), "");
        // Another host name for the same receiver (the test resolver answers 127.0.0.1), so that the fast callbacks
        // are not queued behind the slow ones by the per-host bound.
        long fastInstance = ((Number) tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "fast",
                 "configuration": {"event.notification.enabled": "true",
                                   "event.notification.callback.url": "http://fast.loopback.test:%d%s"}}"""
                .formatted(callbacks.server().port(), fast)).get("id")).longValue();

        for (int i = 0; i < 12; i++) {
            DeliveryBehaviourTest.send(slowInstance, "{\"id\": \"s" + i + "\"}");
        }
        long started = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            DeliveryBehaviourTest.send(fastInstance, "{\"id\": \"f" + i + "\"}");
        }

        // Without a share per URL the 12 slow deliveries fill the 8 places and the fast ones wait behind them
        // (one slow answer every 1.5 s: about 7 s).
        await().atMost(Duration.ofSeconds(4)).until(() -> callbacks.received(fast).size() == 3);
        long fastMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(fastMillis < 4000, "the fast receiver's callbacks took " + fastMillis + " ms");
        assertEquals(callbacks.received(slow).size(), callbacks.received(slow).stream()
                .map(r -> r.getHeader("Elements-Webhook-Id")).distinct().count(), "no duplicates");
    }
}
