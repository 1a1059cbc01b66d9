package io.switchboard.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.SwitchboardConfig;

/**
 * Group commit for incoming receipts. Concurrent requests hand their receipts to a few writer threads; each writer
 * stores everything that arrived while it last committed in one transaction and one statement, then answers every
 * waiting request. A vendor still gets its 2xx only after its receipt's commit, but a commit (and its WAL flush)
 * is shared by every receipt that arrived meanwhile instead of paid by each: under load, batches grow by themselves;
 * alone, a receipt is written at once.
 *
 * <p>A batch that fails is written again one request at a time, so that only the request at fault fails.
 */
@ApplicationScoped
public class ReceiptWriter {

    private static final Logger LOG = Logger.getLogger(ReceiptWriter.class);
    /** Body characters one batch may carry: large bodies are committed in smaller batches, or alone. */
    static final long MAX_BATCH_CHARS = 4L * 1024 * 1024;
    /**
     * Receipts a gathering batch waits for: past them a commit's fixed cost is shared enough, and waiting longer
     * only delays answers (under saturation the queue fills batches without waiting).
     */
    static final int GATHER_UP_TO = 8;

    /**
     * One request's receipts, written in one transaction with {@code inTransaction} run inside it; handed over
     * at {@code queuedAt} ({@link System#nanoTime()}), {@code gather}: it came soon after the one before it while
     * that one still waited for its commit (requests overlap, so more are likely to come).
     */
    private record Job(List<ReceiptStore.Write> writes, Consumer<List<ReceiptStore.Stored>> inTransaction,
            CompletableFuture<List<ReceiptStore.Stored>> done, long queuedAt, boolean gather) {
    }

    @Inject ReceiptStore store;
    private final int writers;
    private final int maxBatch;
    private final long gatherNanos;
    private final ReentrantLock taking = new ReentrantLock();
    /** When the last job was queued and its stage (not the job: its bodies are not kept for this). */
    private record Queued(long at, CompletableFuture<?> done) {
    }

    private final AtomicReference<Queued> lastQueued = new AtomicReference<>();
    private final DistributionSummary batchSizes;
    private final LinkedBlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public ReceiptWriter(SwitchboardConfig config, MeterRegistry metrics) {
        this.writers = Math.max(1, config.ingest().writers());
        this.maxBatch = Math.max(1, config.ingest().maxBatch());
        this.gatherNanos = Math.max(0, config.ingest().gather().toNanos());
        this.batchSizes = DistributionSummary.builder("switchboard.ingest.batch.receipts")
                .description("receipts committed together in one transaction").register(metrics);
        Gauge.builder("switchboard.ingest.waiting", jobs, LinkedBlockingQueue::size)
                .description("requests whose receipts wait for a writer").register(metrics);
    }

    void start(@Observes StartupEvent event) {
        running = true;
        for (int i = 1; i <= writers; i++) {
            Thread thread = new Thread(this::writeLoop, "receipt-writer-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(10_000); // each drains what was handed to it before it ends
        }
    }

    /**
     * Stores {@code writes} in one transaction, shared with other requests' receipts, and runs
     * {@code inTransaction} with what they became inside it (what it writes commits with them); returns once
     * committed. A failure of the write or of {@code inTransaction} is thrown here and nothing of it is stored.
     */
    public List<ReceiptStore.Stored> write(List<ReceiptStore.Write> writes,
            Consumer<List<ReceiptStore.Stored>> inTransaction) {
        Job job = job(writes, inTransaction);
        if (!handOver(job)) {
            commit(List.of(job)); // starting or stopping: no writer threads to hand it to
        }
        try {
            return job.done().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Like {@link #write} without waiting, for a thread that must not block (an event loop): the stage completes
     * on a writer thread once committed, or fails with what failed. Empty, and nothing written, when no writer
     * runs (the hub starting or stopping): then the caller writes with {@link #write} where it may block.
     */
    public Optional<CompletableFuture<List<ReceiptStore.Stored>>> submit(List<ReceiptStore.Write> writes,
            Consumer<List<ReceiptStore.Stored>> inTransaction) {
        Job job = job(writes, inTransaction);
        return handOver(job) ? Optional.of(job.done()) : Optional.empty();
    }

    /**
     * A job that gathers when the one queued before it came less than the window ago and is still waiting: a lone
     * sender, whose next request comes only after the last one's answer, never waits for a batch that cannot fill.
     */
    private Job job(List<ReceiptStore.Write> writes, Consumer<List<ReceiptStore.Stored>> inTransaction) {
        long now = System.nanoTime();
        CompletableFuture<List<ReceiptStore.Stored>> done = new CompletableFuture<>();
        Queued before = lastQueued.getAndSet(new Queued(now, done));
        boolean gather = before != null && now - before.at() < gatherNanos && !before.done().isDone();
        return new Job(writes, inTransaction, done, now, gather);
    }

    /** Queues the job for the writer threads; false when they have ended or not started (it is not queued). */
    private boolean handOver(Job job) {
        if (!running) {
            return false;
        }
        jobs.add(job);
        // The writers may have ended meanwhile (shutdown) without seeing it: then the caller writes it.
        return running || !jobs.remove(job);
    }

    /** Requests waiting for a writer. */
    int waiting() {
        return jobs.size();
    }

    private void writeLoop() {
        Job carried = null; // taken from the queue but too big for the last batch: it starts the next one
        while (running || carried != null || !jobs.isEmpty()) {
            try {
                List<Job> batch = new ArrayList<>();
                // one writer gathers a batch while the other commits (the gathering window is not split in two)
                taking.lockInterruptibly();
                try {
                    Job first = carried != null ? carried : jobs.poll(100, TimeUnit.MILLISECONDS);
                    carried = null;
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    int receipts = first.writes().size();
                    long chars = chars(first);
                    Job next;
                    Job last = first;
                    while (receipts < maxBatch && chars < MAX_BATCH_CHARS
                            && (next = next(first, last, receipts)) != null) {
                        if (chars + chars(next) > MAX_BATCH_CHARS) {
                            carried = next;
                            break;
                        }
                        batch.add(next);
                        last = next;
                        receipts += next.writes().size();
                        chars += chars(next);
                    }
                } finally {
                    taking.unlock();
                }
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) { // an OutOfMemoryError too: the writer goes on with the next batch
                LOG.errorf(e, "The receipt writer failed unexpectedly");
            }
        }
    }

    /**
     * The next job for the batch that {@code first} started and {@code last} is the latest of, holding
     * {@code receipts}: one waiting, or when {@code first} gathers and the batch holds fewer than
     * {@link #GATHER_UP_TO}, one that comes within the gathering window from {@code first}'s arrival and within
     * half of it from {@code last}'s; null when none. The second bound closes a batch once receipts stop coming:
     * under closed-loop load (every sender waiting for its answer) nothing more arrives until this batch commits.
     */
    private Job next(Job first, Job last, int receipts) throws InterruptedException {
        Job next = jobs.poll();
        if (next != null || !first.gather() || receipts >= GATHER_UP_TO) {
            return next;
        }
        long now = System.nanoTime();
        long left = Math.min(first.queuedAt() + gatherNanos, last.queuedAt() + gatherNanos / 2) - now;
        return left > 0 ? jobs.poll(left, TimeUnit.NANOSECONDS) : null;
    }

    private static long chars(Job job) {
        long chars = 0;
        for (ReceiptStore.Write write : job.writes()) {
            String body = write.incoming().body();
            chars += body == null ? 0 : body.length();
        }
        return chars;
    }

    private void commit(List<Job> batch) {
        List<List<ReceiptStore.Stored>> results;
        try {
            results = QuarkusTransaction.requiringNew().call(() -> storeAll(batch));
        } catch (RuntimeException | Error e) { // whatever it was, no request may be left waiting
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(e);
            } else {
                LOG.debugf(e, "A batch of %d requests failed; writing each alone", batch.size());
                for (Job job : batch) {
                    commit(List.of(job));
                }
            }
            return;
        }
        batchSizes.record(results.stream().mapToInt(List::size).sum());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(results.get(i));
        }
    }

    private List<List<ReceiptStore.Stored>> storeAll(List<Job> batch) {
        List<ReceiptStore.Write> all = new ArrayList<>();
        batch.forEach(job -> all.addAll(job.writes()));
        List<ReceiptStore.Stored> stored = store.store(all);
        List<List<ReceiptStore.Stored>> results = new ArrayList<>(batch.size());
        int from = 0;
        for (Job job : batch) {
            List<ReceiptStore.Stored> own = stored.subList(from, from + job.writes().size());
            from += job.writes().size();
            job.inTransaction().accept(own);
            results.add(own);
        }
        return results;
    }
}
