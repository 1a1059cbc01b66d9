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
        for (int i = 0; i < 3; i++) {
            shares.handed(SLOW);
        }
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
        for (int i = 0; i < 10; i++) {
            shares.handed(FAST);
        }
        assertTrue(shares.saturated(FAST));
        for (int i = 0; i < 10; i++) {
            shares.settled(FAST, true);
        }
        for (int i = 0; i < 19; i++) {
            shares.handed(FAST);
        }
        assertFalse(shares.saturated(FAST), "10 got through: a share of 20");
        shares.handed(FAST);
        assertTrue(shares.saturated(FAST));
    }

    @Test
    void skippedCallsDoNotCountAsGettingThrough() {
        UrlShares shares = new UrlShares(4);
        for (int i = 0; i < 10; i++) {
            shares.handed(SLOW);
        }
        for (int i = 0; i < 10; i++) {
            shares.settled(SLOW, false);
        }
        for (int i = 0; i < 4; i++) {
            shares.handed(SLOW);
        }
        assertTrue(shares.saturated(SLOW), "quick skips do not earn a larger share");
    }
}
