package io.switchboard.delivery;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * At most {@code permits} tasks running per key; the rest wait in arrival order. A task that was started must call
 * {@link #release} exactly once when it is done. Keys without running or waiting tasks are forgotten, so the map
 * holds only hosts that are being called.
 */
final class HostLimiter {

    private static final class Slot {
        int running;
        final Queue<Runnable> waiting = new ArrayDeque<>();
    }

    private final int permits;
    private final Executor dispatcher;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    /**
     * @param dispatcher runs a waiting task when a permit frees up; handing it off (rather than running it inside
     *                   {@code release}) keeps a long queue of quickly failing tasks from growing the stack
     */
    HostLimiter(int permits, Executor dispatcher) {
        if (permits < 1) {
            throw new IllegalArgumentException("at least one call per host must be allowed, was " + permits);
        }
        this.permits = permits;
        this.dispatcher = dispatcher;
    }

    void submit(String key, Runnable task) {
        boolean[] start = {false};
        slots.compute(key, (k, slot) -> {
            Slot current = slot == null ? new Slot() : slot;
            if (current.running < permits) {
                current.running++;
                start[0] = true;
            } else {
                current.waiting.add(task);
            }
            return current;
        });
        if (start[0]) {
            task.run();
        }
    }

    void release(String key) {
        Runnable[] next = {null};
        slots.computeIfPresent(key, (k, slot) -> {
            next[0] = slot.waiting.poll();
            if (next[0] == null) {
                slot.running--;
            }
            return slot.running == 0 ? null : slot;
        });
        if (next[0] != null) {
            dispatcher.execute(next[0]);
        }
    }

    /** Tasks running for {@code key} now. */
    int running(String key) {
        Slot slot = slots.get(key);
        return slot == null ? 0 : slot.running;
    }
}
