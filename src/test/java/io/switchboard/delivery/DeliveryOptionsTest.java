package io.switchboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DeliveryOptionsTest {

    @Test
    void retrySchedulesReadLikeTheHubsSetting() {
        assertEquals(List.of(), DeliveryOptions.retrySchedule("none"));
        assertEquals(List.of(Duration.ofMillis(200), Duration.ofSeconds(8), Duration.ofMinutes(1)),
                DeliveryOptions.retrySchedule("200ms, 8s,1m"));
        assertNull(DeliveryOptions.checkRetrySchedule("10s,PT1M"));
        assertNotNull(DeliveryOptions.checkRetrySchedule("10s,,1m"));
        assertNotNull(DeliveryOptions.checkRetrySchedule("soon"));
        assertNotNull(DeliveryOptions.checkRetrySchedule("-1s"));
        assertNotNull(DeliveryOptions.checkRetrySchedule("8d"), "longer than a week");
    }

    @Test
    void timeoutsAreFromOneToSixtySeconds() {
        assertNull(DeliveryOptions.checkTimeout("1s"));
        assertNull(DeliveryOptions.checkTimeout("60s"));
        assertNull(DeliveryOptions.checkTimeout("1500ms"));
        assertNotNull(DeliveryOptions.checkTimeout("999ms"));
        assertNotNull(DeliveryOptions.checkTimeout("61s"));
        assertNotNull(DeliveryOptions.checkTimeout("fast"));
    }

    @Test
    void anInstanceThatSetsNothingHasTheDefaultOptions() {
        assertSame(DeliveryOptions.DEFAULT, DeliveryOptions.of(values(Map.of("event.notification.format", "elements"))));
        DeliveryOptions set = DeliveryOptions.of(values(Map.of("event.notification.format", "cloudevents-binary",
                "event.notification.timeout", "5s", "event.notification.signature.key", "k")));
        assertEquals(new DeliveryOptions("k", NotificationFormat.CLOUDEVENTS_BINARY, Duration.ofSeconds(5)), set);
        assertEquals(Duration.ofSeconds(10), DeliveryOptions.DEFAULT.timeoutOr(Duration.ofSeconds(10)));
    }

    private static java.util.function.Function<String, Optional<String>> values(Map<String, String> config) {
        return key -> Optional.ofNullable(config.get(key));
    }
}
