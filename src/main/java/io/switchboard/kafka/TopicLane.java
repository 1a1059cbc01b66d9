package io.switchboard.kafka;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * The sends to one topic, run one at a time in the order they came, on a shared pool. A send may block while the
 * producer waits for the topic's metadata (a new topic, or one the producer dropped when its broker went away), up
 * to the delivery timeout: that holds this topic only. When such a wait fails, the sends that queued up behind it
 * fail at once with the same reason instead of each waiting in turn, and are retried on their schedules; the next
 * send after that tries again.
 */
final class TopicLane {

    private final Executor pool;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean draining;
    /** When the last wait for metadata failed ({@link System#nanoTime()}), and why. */
    private volatile long unavailableAt;
    private volatile String unavailable;

    TopicLane(Executor pool) {
        this.pool = pool;
    }

    void submit(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        pool.execute(this::drain);
    }

    /** Why a send queued at {@code queuedAt} must not wait again: a wait that ended after it was queued failed. */
    String unavailableFor(long queuedAt) {
        String reason = unavailable;
        return reason != null && unavailableAt - queuedAt > 0 ? reason : null;
    }

    void markUnavailable(String reason) {
        unavailable = reason;
        unavailableAt = System.nanoTime();
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (tasks) {
                task = tasks.poll();
                if (task == null) {
                    draining = false;
                    return;
                }
            }
            task.run();
        }
    }
}
