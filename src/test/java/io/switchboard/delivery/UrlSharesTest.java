package io.switchboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

class UrlSharesTest {

    private static final String SLOW = "http://slow.example/cb";
    private static final String FAST = "http://fast.example/cb";

    @Test
    void aUrlHoldsAtLeastTheLeastShareAndNoMoreWhileItGetsNothingThrough() {
        UrlShares shares = new UrlShares(4);
        hand(shares, SLOW, 3);
        assertFalse(shares.saturated(SLOW));
        shares.handed(SLOW);
        assertTrue(shares.saturated(SLOW));
        assertEquals(Set.of(SLOW), shares.saturated());
        assertFalse(shares.saturated(FAST), "a URL never seen has room");
        shares.settled(SLOW, true);
        assertFalse(shares.saturated(SLOW));
    }

    @Test
    void aUrlThatGetsThroughManyMayHoldTwiceAsMany() {
        UrlShares shares = new UrlShares(4);
        hand(shares, FAST, 10);
        assertTrue(shares.saturated(FAST));
        settle(shares, FAST, 10, true);
        hand(shares, FAST, 19);
        assertFalse(shares.saturated(FAST), "10 got through: a share of 20");
        shares.handed(FAST);
        assertTrue(shares.saturated(FAST));
    }

    @Test
    void skippedCallsDoNotCountAsGettingThrough() {
        UrlShares shares = new UrlShares(4);
        hand(shares, SLOW, 10);
        settle(shares, SLOW, 10, false);
        hand(shares, SLOW, 4);
        assertTrue(shares.saturated(SLOW), "quick skips do not earn a larger share");
    }

    private static void hand(UrlShares shares, String url, int deliveries) {
        for (int i = 0; i < deliveries; i++) {
            shares.handed(url);
        }
    }

    private static void settle(UrlShares shares, String url, int deliveries, boolean attempted) {
        for (int i = 0; i < deliveries; i++) {
            shares.settled(url, attempted);
        }
    }
}
