package io.switchboard.delivery;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Wakes the delivery workers as soon as a commit has created deliveries, on this node at once and on the other
 * nodes through PostgreSQL {@code LISTEN/NOTIFY}. The NOTIFY is sent after the commit, from one thread, at most
 * once per {@link #NOTIFY_SPACING_MS}: NOTIFY inside every ingest transaction would serialize their commits on
 * PostgreSQL's notification queue lock.
 */
@ApplicationScoped
public class DeliveryWakeup {

    static final String CHANNEL = "switchboard_deliveries";
    private static final long NOTIFY_SPACING_MS = 5;
    private static final Logger LOG = Logger.getLogger(DeliveryWakeup.class);

    private final DataSource dataSource;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signalled = lock.newCondition();
    private final Condition notifyWanted = lock.newCondition();
    private boolean pending;
    private boolean notifyPending;
    private volatile boolean running;
    private Thread notifier;
    private Thread listener;

    public DeliveryWakeup(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Call after a commit that created deliveries (or made some due again). */
    public void signal() {
        lock.lock();
        try {
            pending = true;
            notifyPending = true;
            signalled.signalAll();
            notifyWanted.signal();
        } finally {
            lock.unlock();
        }
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

    private void wakeLocally() {
        lock.lock();
        try {
            pending = true;
            signalled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void start(@Observes StartupEvent event) {
        running = true;
        notifier = new Thread(this::notifyLoop, "delivery-notify");
        notifier.setDaemon(true);
        notifier.start();
        listener = new Thread(this::listenLoop, "delivery-listen");
        listener.setDaemon(true);
        listener.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (notifier != null) {
            notifier.interrupt();
            listener.interrupt();
        }
        wakeLocally();
    }

    private void notifyLoop() {
        while (running) {
            try {
                lock.lock();
                try {
                    while (!notifyPending && running) {
                        notifyWanted.await();
                    }
                    notifyPending = false;
                } finally {
                    lock.unlock();
                }
                try (Connection connection = dataSource.getConnection();
                        Statement statement = connection.createStatement()) {
                    statement.execute("SELECT pg_notify('" + CHANNEL + "', '')");
                }
                Thread.sleep(NOTIFY_SPACING_MS);
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                if (running) {
                    LOG.debugf("could not NOTIFY the other nodes: %s", e.getMessage());
                }
            }
        }
    }

    private void listenLoop() {
        while (running) {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        wakeLocally();
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.debugf("LISTEN connection lost (%s); reconnecting", e.getMessage());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }
    }
}
