package io.switchboard.store;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The claim/lease/wake loop of the delivery workers, the async messages and polling: one thread that claims as many
 * due jobs as there is room for, starts them without waiting for them, and sleeps until woken ({@link Wake}), until
 * its next claim is due, or (with no room) until a job finishes. A claim that fills the room or the batch is
 * followed by another at once; one that finds fewer asks the owner how long until the next ({@link Jobs#idleWait}).
 * After an error it waits, then claims again. The owner keeps its SQL and its leases; this keeps only the rhythm.
 *
 * @param <J> a claimed job, as the owner starts it
 */
public final class LeasedJobs<J> {

    private static final long JOIN_MILLIS = 5000;

    /**
     * @param threadName        the loop thread's name
     * @param room              jobs in flight at once, at most
     * @param maxBatch          jobs claimed at once, at most
     * @param saturatedWait     with no room, how long the loop waits at most before looking again
     * @param errorWait         after a failed claim or start, how long the loop waits (not cut short by wakes)
     * @param everyFinishClaims whether each finished job makes the loop claim at once (else a finish only wakes a
     *                          loop that has no room, to look again)
     */
    public record Settings(String threadName, int room, int maxBatch, Duration saturatedWait, Duration errorWait,
            boolean everyFinishClaims) {
    }

    /** What the owner does: its claims (its SQL, its leases), how it starts a job, how long until work is due. */
    public interface Jobs<J> {

        /** Claims (leases) up to {@code room} due jobs for this node; fewer means nothing more is due now. */
        List<J> claim(int room);

        /** Starts the job without blocking; the stage completes when the job no longer takes room. */
        CompletionStage<?> start(J job);

        /** After a claim that found fewer than asked: how long until the next claim (until the next job is due). */
        Duration idleWait();

        /** A claim or a start failed; the loop waits {@link Settings#errorWait}, then claims again. */
        void failed(RuntimeException e);

        /**
         * Starts jobs handed to this node already leased (a fast path), before any claim: at most {@code room},
         * each through {@code start}.
         *
         * @return how many it started
         */
        default int startHanded(int room, Consumer<J> start) {
            return 0;
        }
    }

    private final Settings settings;
    private final Jobs<J> jobs;
    private final Wake wake;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** {@link System#nanoTime} at which the next claim is due without a signal. */
    private final AtomicLong nextClaim = new AtomicLong(System.nanoTime());
    /** What the loop's error wait and {@link #stop}'s drain wait on. */
    private final Object quiet = new Object();
    private volatile boolean running;
    /** The loop waits with no room: a finished job wakes it. */
    private volatile boolean full;
    private Thread thread;

    /** @param wake what others poke to wake the loop (the owner may share it, e.g. with a cluster signal) */
    public LeasedJobs(Settings settings, Jobs<J> jobs, Wake wake) {
        this.settings = settings;
        this.jobs = jobs;
        this.wake = wake;
    }

    public LeasedJobs(Settings settings, Jobs<J> jobs) {
        this(settings, jobs, new Wake());
    }

    public synchronized void start() {
        running = true;
        thread = new Thread(this::loop, settings.threadName());
        thread.setDaemon(true);
        thread.start();
    }

    /** Between {@link #start} and {@link #stop}. */
    public boolean running() {
        return running;
    }

    /** Jobs started and not finished. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The source has new work: claim now. */
    public void signal() {
        wake.signal();
    }

    /** Look again (room, handed work) without claiming unless a claim is due. */
    public void nudge() {
        wake.nudge();
    }

    /** Claim within {@code wait} at the latest (e.g. when jobs handed back to the source come due again). */
    public void claimWithin(Duration wait) {
        long at = System.nanoTime() + wait.toNanos();
        nextClaim.accumulateAndGet(at, (current, proposed) -> current - proposed <= 0 ? current : proposed);
        if (Thread.currentThread() != thread) {
            wake.nudge();
        }
    }

    /**
     * Ends the loop (after its current turn; interrupted if that takes more than 5 s), then waits up to
     * {@code drain} for the jobs in flight to finish.
     */
    public void stop(Duration drain) throws InterruptedException {
        Thread loop;
        synchronized (this) {
            running = false;
            loop = thread;
        }
        if (loop == null) {
            return;
        }
        synchronized (quiet) {
            quiet.notifyAll();
        }
        wake.nudge();
        loop.join(JOIN_MILLIS);
        if (loop.isAlive()) {
            loop.interrupt();
        }
        long deadline = System.nanoTime() + drain.toNanos();
        synchronized (quiet) {
            long left;
            while (inFlight.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(quiet, left);
            }
        }
    }

    private void loop() {
        while (running) {
            try {
                turn();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                jobs.failed(e);
                try {
                    pause(settings.errorWait());
                } catch (InterruptedException interrupted) {
                    return;
                }
                nextClaim.set(System.nanoTime());
            }
        }
    }

    /** Starts what was handed over, claims when signalled or due, then waits. */
    private void turn() throws InterruptedException {
        int room = room();
        if (room > 0) {
            room -= jobs.startHanded(room, this::begin);
        }
        long now = System.nanoTime();
        if (room > 0 && (wake.takeSignal() || now - nextClaim.get() >= 0)) {
            List<J> claimed = jobs.claim(room);
            for (J job : claimed) {
                begin(job);
            }
            // As many as asked: more may be due at once. Fewer: nothing more is due before the owner's next time.
            nextClaim.set(claimed.size() >= room ? now : now + jobs.idleWait().toNanos());
            room -= claimed.size();
        }
        if (room <= 0) {
            full = true; // from here a finish wakes the loop (and the wake is sticky): none is missed
            try {
                if (room() <= 0) {
                    wake.await(settings.saturatedWait().toNanos());
                }
            } finally {
                full = false;
            }
            return;
        }
        long wait = nextClaim.get() - System.nanoTime();
        if (wait > 0) {
            wake.await(wait);
        }
    }

    private int room() {
        return Math.min(settings.room() - inFlight.get(), settings.maxBatch());
    }

    private void begin(J job) {
        inFlight.incrementAndGet();
        CompletionStage<?> stage;
        try {
            stage = jobs.start(job);
        } catch (RuntimeException e) {
            finished();
            throw e;
        }
        stage.whenComplete((result, failure) -> finished());
    }

    private void finished() {
        int left = inFlight.decrementAndGet();
        if (settings.everyFinishClaims()) {
            wake.signal();
        } else if (full) {
            wake.nudge();
        }
        if (left == 0 && !running) {
            synchronized (quiet) {
                quiet.notifyAll();
            }
        }
    }

    /** Waits {@code duration}, cut short only by {@link #stop}. */
    private void pause(Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (quiet) {
            long left;
            while (running && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(quiet, left);
            }
        }
    }
}
