package io.switchboard.subscription;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Closed intervals of doubles with a value each, answering "which intervals contain x" in O(log n + k): the
 * intervals sorted by their low end, and over them a tree of the highest high end per node, so that a search
 * descends only into nodes that hold an interval containing x. Built once ({@link #build}); not thread-safe
 * before that, read-only after.
 */
final class RangeIndex<T> {

    private record Entry<T>(double low, double high, T value) {
    }

    private final List<Entry<T>> pending = new ArrayList<>();
    private double[] lows;
    private double[] highs;
    private Object[] values;
    private double[] maxHigh;
    private int size;

    void add(double low, double high, T value) {
        pending.add(new Entry<>(low, high, value));
    }

    void build() {
        pending.sort(Comparator.comparingDouble(Entry::low));
        size = pending.size();
        lows = new double[size];
        highs = new double[size];
        values = new Object[size];
        for (int i = 0; i < size; i++) {
            lows[i] = pending.get(i).low();
            highs[i] = pending.get(i).high();
            values[i] = pending.get(i).value();
        }
        pending.clear();
        maxHigh = new double[Math.max(1, 4 * size)];
        if (size > 0) {
            fill(1, 0, size);
        }
    }

    private double fill(int node, int from, int to) {
        if (to - from == 1) {
            maxHigh[node] = highs[from];
        } else {
            int mid = (from + to) >>> 1;
            maxHigh[node] = Math.max(fill(2 * node, from, mid), fill(2 * node + 1, mid, to));
        }
        return maxHigh[node];
    }

    /** Passes the value of each interval that contains {@code x}. */
    @SuppressWarnings("unchecked")
    void containing(double x, Consumer<T> into) {
        if (size == 0 || Double.isNaN(x)) {
            return;
        }
        // Intervals at or after the first low above x cannot contain it.
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (lows[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        search(1, 0, size, lo, x, (Consumer<Object>) (Consumer<?>) into);
    }

    @SuppressWarnings("unchecked")
    private void search(int node, int from, int to, int limit, double x, Consumer<Object> into) {
        if (from >= limit || maxHigh[node] < x) {
            return;
        }
        if (to - from == 1) {
            into.accept(values[from]);
            return;
        }
        int mid = (from + to) >>> 1;
        search(2 * node, from, mid, limit, x, into);
        search(2 * node + 1, mid, to, limit, x, into);
    }

    int size() {
        return size + pending.size();
    }
}
