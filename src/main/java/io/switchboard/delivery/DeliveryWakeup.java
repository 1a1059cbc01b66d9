package io.switchboard.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.store.ClusterSignals;
import io.switchboard.store.Wake;

/**
 * Wakes the delivery workers as soon as a commit has created deliveries: on this node at once, on the others
 * through {@link ClusterSignals}. The dispatcher ({@link DeliveryWorker}'s {@link io.switchboard.store.LeasedJobs})
 * waits on its {@link Wake}.
 */
@ApplicationScoped
public class DeliveryWakeup {

    static final String CHANNEL = "switchboard_deliveries";

    @Inject ClusterSignals signals;
    private final Wake wake = new Wake();

    void listen(@Observes @jakarta.annotation.Priority(1) StartupEvent event) {
        signals.subscribe(CHANNEL, payload -> wakeLocally());
    }

    /** Call after a commit that created deliveries in the queue (or made some due again): wakes every node. */
    public void signal() {
        wakeLocally();
        signals.publish(CHANNEL, "");
    }

    /** Whether the queue was signalled since the last call that returned true. */
    public boolean takeQueueSignal() {
        return wake.takeSignal();
    }

    /** What the dispatcher waits on. */
    Wake wake() {
        return wake;
    }

    /** The queue has new work: this node claims from it. */
    void wakeLocally() {
        wake.signal();
    }

    /** This node's own work changed (deliveries handed to it, room in flight): no need to ask the queue. */
    void nudge() {
        wake.nudge();
    }
}
