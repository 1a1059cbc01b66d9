package io.switchboard.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Timer;

/**
 * Writes the outcomes of attempts back to the queue in batches, on a thread of its own: recording is off the
 * latency path (the callback has its answer), so one transaction takes many.
 */
final class AttemptRecorder {

    private static final Logger LOG = Logger.getLogger(AttemptRecorder.class);
    private static final int RECORD_BATCH = 500;
    /** How long the recorder lets outcomes gather before writing them: one transaction for many. */
    private static final long RECORD_LINGER_MS = 10;

    private final DeliveryQueue queue;
    private final DeliveryWakeup wakeup;
    private final Timer latency;
    private final Clock clock;
    private final BooleanSupplier running;
    private final LinkedBlockingQueue<DeliveryQueue.Outcome> outcomes = new LinkedBlockingQueue<>();
    private Thread thread;

    /** @param running whether the workers run; once not, the recorder writes what is left and ends */
    AttemptRecorder(DeliveryQueue queue, DeliveryWakeup wakeup, Timer latency, Clock clock, BooleanSupplier running) {
        this.queue = queue;
        this.wakeup = wakeup;
        this.latency = latency;
        this.clock = clock;
        this.running = running;
    }

    void start() {
        thread = DeliveryWorker.daemon("delivery-record").newThread(this::recordLoop);
        thread.start();
    }

    /** Ends the thread and writes what it left; after the workers stopped sending. */
    void stop() throws InterruptedException {
        thread.interrupt();
        thread.join(5000);
        List<DeliveryQueue.Outcome> rest = new ArrayList<>();
        outcomes.drainTo(rest);
        if (!rest.isEmpty()) {
            complete(rest);
        }
    }

    /** The attempt of {@code delivery} that started at {@code started} ended now with {@code result}. */
    void record(DeliveryQueue.Claimed delivery, DeliveryResult result, Instant started) {
        long millis = Duration.between(started, clock.instant()).toMillis();
        outcomes.add(new DeliveryQueue.Outcome(delivery, result, started, millis));
    }

    private void recordLoop() {
        while (running.getAsBoolean() || !outcomes.isEmpty()) {
            try {
                DeliveryQueue.Outcome first = outcomes.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                if (running.getAsBoolean() && outcomes.size() < RECORD_BATCH
                        && !DeliveryLanes.isOrdered(first.delivery().lane())) {
                    // Wait for company; not so for an ordered instance's delivery: the next one of its instance
                    // waits for this record.
                    Thread.sleep(RECORD_LINGER_MS);
                }
                List<DeliveryQueue.Outcome> batch = new ArrayList<>(List.of(first));
                outcomes.drainTo(batch, RECORD_BATCH - 1);
                complete(batch);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void complete(List<DeliveryQueue.Outcome> batch) {
        boolean nextInLane = false;
        try {
            nextInLane = queue.complete(batch) > 0;
            for (DeliveryQueue.Outcome outcome : batch) {
                if (outcome.result().success()) {
                    latency.record(Duration.ofMillis(outcome.latencyMillis()));
                }
            }
        } catch (RuntimeException e) {
            // The claims lapse after their lease and the deliveries are sent again: at least once, never lost.
            LOG.warnf(e, "Could not record %d delivery attempts; they will be retried", batch.size());
        }
        if (!nextInLane && batch.stream().allMatch(outcome -> outcome.result().success())) {
            wakeup.nudge(); // room in flight again
        } else {
            wakeup.wakeLocally(); // a retry may now be due sooner than the dispatcher's next look at the queue
        }
    }
}
