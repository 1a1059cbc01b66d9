package io.switchboard.delivery;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.store.ClusterSignals;

/**
 * Wakes the delivery workers as soon as a commit has created deliveries: on this node at once, on the others
 * through {@link ClusterSignals}.
 */
@ApplicationScoped
public class DeliveryWakeup {

    static final String CHANNEL = "switchboard_deliveries";

    private final ClusterSignals signals;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signalled = lock.newCondition();
    /** Something for the dispatcher to look at: the queue, or this node's own work. */
    private boolean woken;
    /** The queue has deliveries due that were not handed to this node: claim them. */
    private boolean queueSignalled;

    public DeliveryWakeup(ClusterSignals signals) {
        this.signals = signals;
    }

    void listen(@Observes @jakarta.annotation.Priority(1) StartupEvent event) {
        signals.subscribe(CHANNEL, payload -> wakeLocally());
    }

    /** Call after a commit that created deliveries in the queue (or made some due again): wakes every node. */
    public void signal() {
        wakeLocally();
        signals.publish(CHANNEL, "");
    }

    /** Waits for a wake or the timeout; returns at once if one came since the last call. */
    public void await(long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (!woken && nanos > 0) {
                nanos = signalled.awaitNanos(nanos);
            }
            woken = false;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the queue was signalled since the last call that returned true. */
    public boolean takeQueueSignal() {
        lock.lock();
        try {
            boolean was = queueSignalled;
            queueSignalled = false;
            return was;
        } finally {
            lock.unlock();
        }
    }

    /** The queue has new work: this node claims from it. */
    void wakeLocally() {
        wake(true);
    }

    /** This node's own work changed (deliveries handed to it, room in flight): no need to ask the queue. */
    void nudge() {
        wake(false);
    }

    private void wake(boolean queue) {
        lock.lock();
        try {
            woken = true;
            queueSignalled |= queue;
            signalled.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
