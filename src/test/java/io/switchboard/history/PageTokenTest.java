package io.switchboard.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.switchboard.error.HubError;

class PageTokenTest {

    @Test
    void aReceiptKeyRoundTripsAtMicrosecondPrecision() {
        Instant at = Instant.parse("2026-11-22T10:15:30.123456Z");
        PageToken.ReceiptKey key = PageToken.receipt(PageToken.receipt(at, "rcp_01:with:colons"));
        assertEquals(at, key.receivedAt());
        assertEquals("rcp_01:with:colons", key.id());
    }

    @Test
    void timesBeforeTheEpochRoundTrip() {
        Instant at = Instant.parse("1969-12-31T23:59:59.999999Z");
        assertEquals(at, PageToken.receipt(PageToken.receipt(at, "x")).receivedAt());
    }

    @Test
    void aDeliveryKeyRoundTrips() {
        assertEquals(42L, PageToken.delivery(PageToken.delivery(42)));
    }

    @Test
    void tokensAreUrlSafe() {
        String token = PageToken.receipt(Instant.now(), "rcp_??>>~~");
        assertFalse(token.matches(".*[+/=].*"), token);
    }

    @Test
    void noTokenIsTheFirstPage() {
        assertNull(PageToken.receipt((String) null));
        assertNull(PageToken.delivery(" "));
    }

    @Test
    void aForeignOrDamagedTokenIsABadRequestNamingNextPage() {
        String deliveryToken = PageToken.delivery(7);
        String receiptToken = PageToken.receipt(Instant.now(), "rcp_1");
        for (Runnable bad : new Runnable[] {
                () -> PageToken.receipt(deliveryToken),
                () -> PageToken.delivery(receiptToken),
                () -> PageToken.receipt("not a token!"),
                () -> PageToken.delivery("ZDE6eA") }) {
            HubError problem = assertThrows(HubError.class, bad::run);
            assertEquals(HubError.Kind.INVALID, problem.kind());
            assertEquals("nextPage", problem.errors().get(0).field());
        }
    }
}
