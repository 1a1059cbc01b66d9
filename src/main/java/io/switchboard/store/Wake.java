package io.switchboard.store;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What wakes a {@link LeasedJobs} loop, sticky until its next wait: a signal (its source has new work: claim now) or
 * a nudge (look again: room came free, work was handed to this node; claim only when a claim is due anyway).
 */
public final class Wake {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    /** Something for the loop to look at since its last wait. */
    private boolean awake;
    /** The source has new work since the last {@link #takeSignal}. */
    private boolean signalled;

    /** The source has new work: the loop claims at once. */
    public void signal() {
        wake(true);
    }

    /** Something else changed (room, handed work): the loop looks again without claiming unless due. */
    public void nudge() {
        wake(false);
    }

    /** Whether the source was signalled since the last call that returned true. */
    public boolean takeSignal() {
        lock.lock();
        try {
            boolean was = signalled;
            signalled = false;
            return was;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a wake or the timeout; returns at once if one came since the last call. */
    public void await(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeoutNanos;
            while (!awake && nanos > 0) {
                nanos = woken.awaitNanos(nanos);
            }
            awake = false;
        } finally {
            lock.unlock();
        }
    }

    private void wake(boolean source) {
        lock.lock();
        try {
            awake = true;
            signalled |= source;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
