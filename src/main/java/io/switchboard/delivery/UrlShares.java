package io.switchboard.delivery;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How much of a node's delivery room each callback URL holds: the deliveries handed to the sender and not yet done
 * with, and how fast the URL gets through them. A URL's share is what it got through in the last second, twice
 * over, and at least {@code least}: a busy, fast receiver may have thousands in hand, a slow one only {@code least},
 * so that a slow receiver never takes the room of everyone else's.
 */
final class UrlShares {

    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final int least;
    private final ConcurrentHashMap<String, Load> loads = new ConcurrentHashMap<>();

    UrlShares(int least) {
        this.least = least;
    }

    /** A delivery to {@code url} was handed to the sender. */
    void handed(String url) {
        loads.computeIfAbsent(url, u -> new Load()).backlog.incrementAndGet();
    }

    /**
     * A delivery to {@code url} is done with: {@code attempted}, or skipped (a skip is quick but gets nothing
     * through, so only attempts count towards the URL's pace).
     */
    void settled(String url, boolean attempted) {
        Load load = loads.get(url);
        if (load != null) {
            load.settled(attempted);
        }
    }

    /** Whether {@code url} has its share in hand. */
    boolean saturated(String url) {
        Load load = loads.get(url);
        return load != null && load.saturated(least);
    }

    /** The URLs that have their share in hand. */
    Set<String> saturated() {
        Set<String> urls = new HashSet<>();
        loads.forEach((url, load) -> {
            if (load.saturated(least)) {
                urls.add(url);
            }
        });
        return urls;
    }

    /** Forgets URLs with nothing in hand that have been quiet for a minute. */
    void forgetQuiet() {
        long now = System.nanoTime();
        loads.entrySet().removeIf(entry -> entry.getValue().backlog.get() == 0
                && now - entry.getValue().lastSettled > QUIET_NANOS);
    }

    private static final class Load {
        final AtomicInteger backlog = new AtomicInteger();
        private final AtomicInteger settledInWindow = new AtomicInteger();
        private volatile long windowStart = System.nanoTime();
        private volatile int settledLastWindow;
        volatile long lastSettled = System.nanoTime();

        void settled(boolean attempted) {
            roll();
            backlog.decrementAndGet();
            if (attempted) {
                settledInWindow.incrementAndGet();
            }
            lastSettled = System.nanoTime();
        }

        boolean saturated(int least) {
            roll();
            return backlog.get() >= Math.max(least, 2 * Math.max(settledLastWindow, settledInWindow.get()));
        }

        private void roll() {
            long now = System.nanoTime();
            if (now - windowStart < WINDOW_NANOS) {
                return;
            }
            synchronized (this) {
                if (now - windowStart >= WINDOW_NANOS) {
                    int settled = settledInWindow.getAndSet(0);
                    settledLastWindow = now - windowStart < 2 * WINDOW_NANOS ? settled : 0;
                    windowStart = now;
                }
            }
        }
    }
}
