package io.switchboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryResultTest {

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204, 299})
    void twoHundredsAreDelivered(int status) {
        DeliveryResult result = DeliveryResult.ofStatus(status, Optional.of(Duration.ofSeconds(5)), "ok");
        assertTrue(result.success());
        assertFalse(result.retryable());
        assertFalse(result.stop());
        assertEquals(OptionalInt.of(status), result.statusCode());
    }

    @Test
    void goneStopsAtOnce() {
        DeliveryResult result = DeliveryResult.ofStatus(410, Optional.of(Duration.ofSeconds(5)), "gone");
        assertFalse(result.success());
        assertFalse(result.retryable());
        assertTrue(result.stop());
        assertEquals(Optional.empty(), result.retryAfter());
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 199, 301, 302, 304, 307, 400, 401, 403, 404, 408, 409, 429, 500, 502, 503, 504, 599})
    void everyOtherStatusIsRetried(int status) {
        DeliveryResult result = DeliveryResult.ofStatus(status, Optional.of(Duration.ofSeconds(7)), "no");
        assertFalse(result.success());
        assertTrue(result.retryable());
        assertEquals(Optional.of(Duration.ofSeconds(7)), result.retryAfter());
        assertEquals(OptionalInt.of(status), result.statusCode());
    }

    @Test
    void failuresWithoutAResponse() {
        DeliveryResult timeout = DeliveryResult.timedOut(Duration.ofSeconds(10));
        assertTrue(timeout.retryable());
        assertEquals(OptionalInt.empty(), timeout.statusCode());
        assertEquals("no response within 10000 ms", timeout.detail());

        assertTrue(DeliveryResult.ioFailure("connection refused").retryable());

        DeliveryResult refused = DeliveryResult.refused("callback URL resolves to 127.0.0.1, a loopback address");
        assertTrue(refused.stop());
    }
}
