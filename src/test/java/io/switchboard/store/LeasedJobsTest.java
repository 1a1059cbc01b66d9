package io.switchboard.store;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared claim/lease/wake loop, on a fake source: no database, no Quarkus. */
class LeasedJobsTest {

    private static final Duration LONG = Duration.ofHours(1);
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** A source of jobs: due ones wait in {@code due}; each started job runs until the test completes it. */
    static final class Source implements LeasedJobs.Jobs<String> {
        final Queue<String> due = new ConcurrentLinkedQueue<>();
        final Queue<String> handed = new ConcurrentLinkedQueue<>();
        final List<Integer> asked = new CopyOnWriteArrayList<>();
        final List<Long> claimedAt = new CopyOnWriteArrayList<>();
        final List<String> started = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> running = new CopyOnWriteArrayList<>();
        final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        final AtomicInteger failNext = new AtomicInteger();

        @Override
        public List<String> claim(int room) {
            asked.add(room);
            claimedAt.add(System.nanoTime());
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("the database is away");
            }
            List<String> claimed = new ArrayList<>();
            String job;
            while (claimed.size() < room && (job = due.poll()) != null) {
                claimed.add(job);
            }
            return claimed;
        }

        @Override
        public CompletionStage<?> start(String job) {
            started.add(job);
            CompletableFuture<Void> done = new CompletableFuture<>();
            running.add(done);
            return done;
        }

        @Override
        public Duration idleWait() {
            return LONG;
        }

        @Override
        public void failed(RuntimeException e) {
            failures.add(e);
        }

        @Override
        public int startHanded(int room, Consumer<String> start) {
            int n = 0;
            String job;
            while (n < room && (job = handed.poll()) != null) {
                start.accept(job);
                n++;
            }
            return n;
        }
    }

    private final Source source = new Source();
    private LeasedJobs<String> jobs;
    private String threadName;

    private LeasedJobs<String> start(int room, int maxBatch, Duration errorWait, boolean everyFinishClaims) {
        threadName = "leased-jobs-test-" + NAMES.incrementAndGet();
        jobs = new LeasedJobs<>(new LeasedJobs.Settings(threadName, room, maxBatch, LONG, errorWait,
                everyFinishClaims), source);
        jobs.start();
        return jobs;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (jobs != null) {
            jobs.stop(Duration.ZERO);
        }
    }

    @Test
    void claimsNoMoreThanThereIsRoomFor() {
        due(10);
        start(3, 100, LONG, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> source.started.size() == 3);
        jobs.signal();
        jobs.signal();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> source.started.size(), equalTo(3));
        assertEquals(3, jobs.inFlight());
        assertTrue(source.asked.stream().allMatch(room -> room <= 3), "asked " + source.asked);
    }

    @Test
    void claimsNoMoreThanTheBatchAndGoesOnAtOnceAfterAFullOne() {
        due(10);
        start(100, 4, LONG, false);
        // idleWait is an hour: only "a full batch is followed by another at once" gets all ten started
        await().atMost(Duration.ofSeconds(5)).until(() -> source.started.size() == 10);
        assertEquals(List.of(4, 4, 4), source.asked.subList(0, 3));
    }

    @Test
    void aSignalWakesItAndANudgeDoesNotClaim() {
        start(10, 10, LONG, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> source.asked.size() == 1);
        source.due.add("late");
        jobs.nudge();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> source.asked.size(), equalTo(1));
        jobs.signal();
        await().atMost(Duration.ofSeconds(5)).until(() -> source.started.contains("late"));
    }

    @Test
    void handedJobsStartWithoutAClaimAndTakeRoom() {
        start(2, 10, LONG, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> source.asked.size() == 1);
        source.handed.addAll(List.of("a", "b", "c"));
        jobs.nudge();
        await().atMost(Duration.ofSeconds(5)).until(() -> source.started.size() == 2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> source.started.size(), equalTo(2));
        assertEquals(1, source.asked.size(), "no claim for handed work");
    }

    @Test
    void waitsAfterAnErrorThenClaimsAgain() {
        source.failNext.set(1);
        source.due.add("after-the-outage");
        start(10, 10, Duration.ofMillis(400), false);
        await().atMost(Duration.ofSeconds(5)).until(() -> source.started.contains("after-the-outage"));
        assertEquals(1, source.failures.size());
        long gapMillis = (source.claimedAt.get(1) - source.claimedAt.get(0)) / 1_000_000;
        assertTrue(gapMillis >= 350, "claimed again after " + gapMillis + " ms");
    }

    @Test
    void signalsDoNotCutTheErrorWaitShort() {
        source.failNext.set(1);
        start(10, 10, Duration.ofSeconds(2), false);
        await().atMost(Duration.ofSeconds(5)).until(() -> source.failures.size() == 1);
        jobs.signal();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1))
                .until(() -> source.asked.size(), equalTo(1));
    }

    @Test
    void aFinishWhileFullWakesIt() {
        source.due.addAll(List.of("a", "b", "c"));
        start(2, 10, LONG, false); // saturated wait and idle wait an hour: only the finish can wake it
        await().atMost(Duration.ofSeconds(5)).until(() -> source.started.size() == 2);
        source.running.get(0).complete(null);
        await().atMost(Duration.ofSeconds(5)).until(() -> source.started.contains("c"));
        assertEquals(List.of(2, 1), source.asked);
    }

    @Test
    void aFinishWithRoomLeftClaimsOnlyWhenEveryFinishClaims() {
        start(5, 10, LONG, true);
        source.due.add("a");
        jobs.signal();
        await().atMost(Duration.ofSeconds(5)).until(() -> source.started.size() == 1);
        int asked = source.asked.size();
        source.due.add("b");
        source.running.get(0).complete(null);
        await().atMost(Duration.ofSeconds(5)).until(() -> source.started.contains("b"));
        assertTrue(source.asked.size() > asked);
    }

    @Test
    void stopEndsTheThreadAndDrainsWhatIsInFlight() throws InterruptedException {
        source.due.add("slow");
        start(5, 5, LONG, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> source.started.size() == 1);
        assertTrue(thread().isPresent());
        CompletableFuture.runAsync(() -> source.running.get(0).complete(null),
                CompletableFuture.delayedExecutor(200, java.util.concurrent.TimeUnit.MILLISECONDS));
        jobs.stop(Duration.ofSeconds(5));
        assertFalse(jobs.running());
        assertEquals(0, jobs.inFlight(), "stop waited for the job in flight");
        await().atMost(Duration.ofSeconds(5)).until(() -> thread().isEmpty());
        int asked = source.asked.size();
        source.due.add("after-stop");
        jobs.signal();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                .until(() -> source.asked.size(), lessThanOrEqualTo(asked));
    }

    private void due(int n) {
        for (int i = 0; i < n; i++) {
            source.due.add("job-" + i);
        }
    }

    private java.util.Optional<Thread> thread() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(threadName))
                .filter(Thread::isAlive).findFirst();
    }
}
