package io.switchboard.poll;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Starts due polls. One thread leases due instances (as many as this node has room for, at most
 * {@code switchboard.poll.max-concurrent} in flight) and hands them to the {@link PollRunner}; it never waits for a
 * vendor itself. It sleeps until the next instance is due, at least {@link #MIN_SLEEP} so that leases come in
 * batches when many instances are due, and at most {@code switchboard.poll.tick} so that instances scheduled by
 * other nodes or by configuration changes are seen.
 */
@ApplicationScoped
class PollScheduler {

    private static final Logger LOG = Logger.getLogger(PollScheduler.class);
    static final Duration MIN_SLEEP = Duration.ofMillis(50);
    private static final int MAX_BATCH = 200;

    private final PollLedger ledger;
    private final PollRunner runner;
    private final PollMetrics metrics;
    private final PollConfig config;
    private final DataSource dataSource;
    private final Clock clock;
    private final Semaphore room;
    private final Object wake = new Object();
    private volatile boolean running;
    private volatile boolean full;
    private Thread thread;

    PollScheduler(PollLedger ledger, PollRunner runner, PollMetrics metrics, PollConfig config, DataSource dataSource,
            Clock clock) {
        this.ledger = ledger;
        this.runner = runner;
        this.metrics = metrics;
        this.config = config;
        this.dataSource = dataSource;
        this.clock = clock;
        this.room = new Semaphore(config.maxConcurrent());
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "poll-scheduler");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void loop() {
        while (running) {
            try {
                int leased = startDue();
                if (leased == MAX_BATCH) {
                    continue;
                }
                sleep(full ? config.tick() : untilNextDue());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("could not start due polls (%s); trying again", e.getMessage());
                    try {
                        sleep(config.tick());
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }
    }

    /** Leases and starts as many due polls as there is room for; returns how many. */
    private int startDue() {
        int free = Math.min(room.availablePermits(), MAX_BATCH);
        full = free == 0;
        if (full) {
            return 0;
        }
        List<Lease> leases = ledger.leaseDue(free);
        for (Lease lease : leases) {
            room.acquireUninterruptibly();
            metrics.lag(Duration.between(lease.due(), lease.start()));
            runner.run(lease).whenComplete((outcome, failure) -> {
                room.release();
                if (full) {
                    synchronized (wake) {
                        wake.notifyAll();
                    }
                }
            });
        }
        return leases.size();
    }

    private Duration untilNextDue() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT min(next_poll_at) FROM instance
                        WHERE next_poll_at IS NOT NULL AND NOT deleted AND NOT disabled""")) {
            Timestamp next = rs.next() ? rs.getTimestamp(1) : null;
            if (next == null) {
                return config.tick();
            }
            Duration wait = Duration.between(clock.instant(), next.toInstant());
            return wait.compareTo(MIN_SLEEP) < 0 ? MIN_SLEEP : wait.compareTo(config.tick()) > 0 ? config.tick() : wait;
        } catch (SQLException e) {
            return config.tick();
        }
    }

    private void sleep(Duration duration) throws InterruptedException {
        synchronized (wake) {
            wake.wait(Math.max(1, duration.toMillis()));
        }
    }
}
