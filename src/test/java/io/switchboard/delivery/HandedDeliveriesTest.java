package io.switchboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class HandedDeliveriesTest {

    private static final String BUSY = "http://busy.example/cb";
    private static final String FREE = "http://free.example/cb";
    private static final long LONG_HOLD = TimeUnit.MINUTES.toNanos(1);

    private final AtomicLong now = new AtomicLong();
    private final Set<String> saturated = new HashSet<>();
    private final List<Long> started = new ArrayList<>();
    private final List<Long> givenBack = new ArrayList<>();

    @Test
    void handedDeliveriesStartInOrderUpToTheRoom() {
        HandedDeliveries handed = new HandedDeliveries(LONG_HOLD, now::get);
        handed.add(List.of(offer(1, FREE), offer(2, FREE), offer(3, FREE)));
        assertEquals(2, start(handed, 2));
        assertEquals(List.of(1L, 2L), started);
        assertEquals(1, handed.count());
        assertEquals(1, start(handed, 5));
        assertEquals(List.of(1L, 2L, 3L), started);
        assertEquals(0, handed.count());
        assertFalse(handed.anyWaiting());
    }

    @Test
    void aBusyUrlsDeliveriesWaitInMemoryWhileOthersPassThenStartFirstInTheirOrder() {
        HandedDeliveries handed = new HandedDeliveries(LONG_HOLD, now::get);
        saturated.add(BUSY);
        handed.add(List.of(offer(1, BUSY), offer(2, FREE), offer(3, BUSY), offer(4, FREE)));
        assertEquals(2, start(handed, 10));
        assertEquals(List.of(2L, 4L), started);
        assertTrue(handed.anyWaiting());
        assertEquals(2, handed.count(), "the waiting ones still count against the limit of what is handed over");

        saturated.remove(BUSY);
        handed.add(List.of(offer(5, FREE)));
        assertEquals(3, start(handed, 10));
        assertEquals(List.of(2L, 4L, 1L, 3L, 5L), started, "the waiting ones first, in the order handed over");
        assertFalse(handed.anyWaiting());
        assertEquals(List.of(), givenBack, "nothing went back to the queue");
    }

    @Test
    void aNewDeliveryForAUrlWithOthersWaitingWaitsBehindThemEvenWhenItHasRoomAgain() {
        HandedDeliveries handed = new HandedDeliveries(LONG_HOLD, now::get);
        saturated.add(BUSY);
        handed.add(List.of(offer(1, BUSY), offer(2, BUSY)));
        start(handed, 10);
        saturated.remove(BUSY);
        handed.add(List.of(offer(3, BUSY)));
        assertEquals(1, start(handed, 1), "room for one");
        assertEquals(List.of(1L), started);
        start(handed, 10);
        assertEquals(List.of(1L, 2L, 3L), started);
    }

    @Test
    void deliveriesThatWaitedLongerThanTheHoldGoBackToTheQueue() {
        HandedDeliveries handed = new HandedDeliveries(TimeUnit.SECONDS.toNanos(5), now::get);
        saturated.add(BUSY);
        handed.add(List.of(offer(1, BUSY), offer(2, FREE), offer(3, BUSY)));
        assertEquals(1, start(handed, 10));
        now.addAndGet(TimeUnit.SECONDS.toNanos(5));
        assertEquals(0, start(handed, 10));
        assertEquals(List.of(), givenBack, "not yet: held 5 s, not longer");
        now.addAndGet(1);
        assertEquals(0, start(handed, 10));
        assertEquals(List.of(1L, 3L), givenBack);
        assertEquals(List.of(2L), started);
        assertEquals(0, handed.count());
        assertFalse(handed.anyWaiting());
    }

    private int start(HandedDeliveries handed, int room) {
        return handed.start(room, saturated::contains, h -> started.add(h.offer().delivery().id()), givenBack);
    }

    private static DeliveryWorker.Offer offer(long id, String url) {
        return new DeliveryWorker.Offer(new DeliveryQueue.Claimed(id, "n" + id, 1, 1, "callback", url, 0, 0, null),
                new byte[0], DeliveryOptions.DEFAULT, null);
    }
}
