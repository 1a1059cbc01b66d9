package io.switchboard.delivery;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The deliveries this node's ingest created already claimed for it, until the dispatcher starts them: in the order
 * they were handed over, except that those for a URL with its share in flight wait in memory, in their URL's order,
 * until it has room again (a burst to one URL, such as a receipt-log batch, is not sent back through the database).
 * One that waited longer than {@code holdNanos} goes back to the queue. Handing over is thread-safe; starting is
 * the dispatcher thread's alone.
 */
final class HandedDeliveries {

    /** A delivery handed over at {@code since} ({@link System#nanoTime()}): its claim started no later. */
    record Handed(DeliveryWorker.Offer offer, long since) {
    }

    private final ConcurrentLinkedQueue<Handed> handed = new ConcurrentLinkedQueue<>();
    /** Handed over and not started or given back: new ones and waiting ones. */
    private final AtomicInteger count = new AtomicInteger();
    /** Per URL, the ones waiting for its share; the dispatcher thread's alone. */
    private final Map<String, ArrayDeque<Handed>> waiting = new LinkedHashMap<>();
    private volatile boolean anyWaiting;
    private final long holdNanos;
    private final LongSupplier nanoTime;

    /** {@code nanoTime}: the clock of {@link Handed#since()}, {@link System#nanoTime()} but in tests. */
    HandedDeliveries(long holdNanos, LongSupplier nanoTime) {
        this.holdNanos = holdNanos;
        this.nanoTime = nanoTime;
    }

    void add(List<DeliveryWorker.Offer> offers) {
        long now = nanoTime.getAsLong();
        for (DeliveryWorker.Offer offer : offers) {
            handed.add(new Handed(offer, now));
        }
        count.addAndGet(offers.size());
    }

    /** Handed over and not started or given back yet. */
    int count() {
        return count.get();
    }

    /** Whether some wait for their URL's share (then a settled delivery should make the dispatcher look again). */
    boolean anyWaiting() {
        return anyWaiting;
    }

    /**
     * Starts up to {@code room}: first those waiting for a URL that has room again, then new ones in order; a new
     * one whose URL is {@code saturated}, or has others waiting, waits behind them. Those that waited longer than
     * the hold are added to {@code givenBack} (their ids), for the queue. Returns how many were started.
     */
    int start(int room, Predicate<String> saturated, Consumer<Handed> start, List<Long> givenBack) {
        int started = 0;
        long now = nanoTime.getAsLong();
        for (Iterator<Map.Entry<String, ArrayDeque<Handed>>> urls = waiting.entrySet().iterator(); urls.hasNext();) {
            Map.Entry<String, ArrayDeque<Handed>> url = urls.next();
            ArrayDeque<Handed> queue = url.getValue();
            while (!queue.isEmpty() && started < room && !saturated.test(url.getKey())) {
                start.accept(queue.poll());
                count.decrementAndGet();
                started++;
            }
            while (!queue.isEmpty() && now - queue.peek().since() > holdNanos) {
                givenBack.add(queue.poll().offer().delivery().id());
                count.decrementAndGet();
            }
            if (queue.isEmpty()) {
                urls.remove();
            }
        }
        Handed next;
        while (started < room && (next = handed.poll()) != null) {
            String url = next.offer().delivery().url();
            ArrayDeque<Handed> queue = waiting.get(url);
            if (queue == null && !saturated.test(url)) {
                start.accept(next);
                count.decrementAndGet();
                started++;
            } else {
                waiting.computeIfAbsent(url, u -> new ArrayDeque<>()).add(next);
            }
        }
        anyWaiting = !waiting.isEmpty();
        return started;
    }
}
