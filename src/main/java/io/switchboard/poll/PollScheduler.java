package io.switchboard.poll;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.instance.PollingState;
import io.switchboard.store.LeasedJobs;

/**
 * Starts due polls. One thread (a {@link LeasedJobs} loop) leases due instances (as many as this node has room for,
 * at most {@code switchboard.poll.max-concurrent} in flight) and hands them to the {@link PollRunner}; it never waits
 * for a vendor itself; with no room, a finished poll wakes it. It sleeps until the next instance is due, at least
 * {@link #MIN_SLEEP} so that leases come in batches when many instances are due, and at most
 * {@code switchboard.poll.tick} so that instances scheduled by other nodes or by configuration changes are seen.
 */
@ApplicationScoped
class PollScheduler {

    private static final Logger LOG = Logger.getLogger(PollScheduler.class);
    static final Duration MIN_SLEEP = Duration.ofMillis(50);
    private static final int MAX_BATCH = 200;

    @Inject PollLedger ledger;
    @Inject PollRunner runner;
    @Inject PollMetrics metrics;
    @Inject PollingState polling;
    @Inject Clock clock;
    private final PollConfig config;
    private final LeasedJobs<Lease> jobs;

    PollScheduler(PollConfig config) {
        this.config = config;
        // With no room, a finished poll wakes it; a tick at the latest.
        this.jobs = new LeasedJobs<>(new LeasedJobs.Settings("poll-scheduler", config.maxConcurrent(), MAX_BATCH,
                config.tick(), config.tick(), false), new Polls());
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            jobs.start();
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        jobs.stop(Duration.ZERO);
    }

    /** The scheduler's side of {@link LeasedJobs}: leases due instances and starts their polls. */
    private final class Polls implements LeasedJobs.Jobs<Lease> {

        @Override
        public List<Lease> claim(int room) {
            return ledger.leaseDue(room);
        }

        @Override
        public CompletionStage<?> start(Lease lease) {
            metrics.lag(Duration.between(lease.due(), lease.start()));
            return runner.run(lease);
        }

        @Override
        public Duration idleWait() {
            return untilNextDue();
        }

        @Override
        public void failed(RuntimeException e) {
            LOG.warnf("could not start due polls (%s); trying again", e.getMessage());
        }
    }

    /** Until the next instance is due, between {@link #MIN_SLEEP} and a tick; a tick when that cannot be read. */
    private Duration untilNextDue() {
        Optional<Instant> next;
        try {
            next = polling.nextDue();
        } catch (RuntimeException e) {
            return config.tick();
        }
        if (next.isEmpty()) {
            return config.tick();
        }
        Duration wait = Duration.between(clock.instant(), next.get());
        return wait.compareTo(MIN_SLEEP) < 0 ? MIN_SLEEP : wait.compareTo(config.tick()) > 0 ? config.tick() : wait;
    }
}
