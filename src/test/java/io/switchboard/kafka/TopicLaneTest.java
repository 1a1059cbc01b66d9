package io.switchboard.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

/** A topic's sends run in order, and a failed wait for metadata fails what queued behind it, not what comes later. */
class TopicLaneTest {

    /** Runs what it is given when told to: the test decides when the lane's thread works. */
    static final class Manual implements Executor {
        final List<Runnable> pending = new ArrayList<>();

        @Override
        public void execute(Runnable command) {
            pending.add(command);
        }

        void runAll() {
            while (!pending.isEmpty()) {
                pending.remove(0).run();
            }
        }
    }

    @Test
    void tasksRunOneAtATimeInOrder() {
        Manual pool = new Manual();
        TopicLane lane = new TopicLane(pool);
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            lane.submit(() -> ran.add(n));
        }
        assertEquals(1, pool.pending.size(), "one drain at a time");
        pool.runAll();
        assertEquals(List.of(0, 1, 2, 3, 4), ran);
        lane.submit(() -> ran.add(5));
        pool.runAll();
        assertEquals(6, ran.size(), "a drained lane starts again");
    }

    @Test
    void aFailedWaitFailsWhatQueuedBeforeItEnded() {
        TopicLane lane = new TopicLane(Runnable::run);
        long queuedBefore = System.nanoTime();
        assertNull(lane.unavailableFor(queuedBefore));
        lane.markUnavailable("kafka topic t: Topic t not present in metadata after 2000 ms.");
        assertEquals("kafka topic t: Topic t not present in metadata after 2000 ms.",
                lane.unavailableFor(queuedBefore));
        long queuedAfter = System.nanoTime();
        assertNull(lane.unavailableFor(queuedAfter), "a send queued after the failure tries again");
    }
}
