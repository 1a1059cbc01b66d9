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
    private boolean pending;

    public DeliveryWakeup(ClusterSignals signals) {
        this.signals = signals;
    }

    void listen(@Observes @jakarta.annotation.Priority(1) StartupEvent event) {
        signals.subscribe(CHANNEL, payload -> wakeLocally());
    }

    /** Call after a commit that created deliveries (or made some due again). */
    public void signal() {
        wakeLocally();
        signals.publish(CHANNEL, "");
    }

    /** Waits for a signal or the timeout; returns at once if a signal came since the last call. */
    public void await(long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (!pending && nanos > 0) {
                nanos = signalled.awaitNanos(nanos);
            }
            pending = false;
        } finally {
            lock.unlock();
        }
    }

    void wakeLocally() {
        lock.lock();
        try {
            pending = true;
            signalled.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
