package io.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Signals between the nodes that share the database, over PostgreSQL {@code LISTEN/NOTIFY}. Publishing is
 * asynchronous and coalescing: the same (channel, payload) pending twice is sent once, from one thread, outside
 * any transaction; so callers publish after their commit and never slow it (NOTIFY inside a transaction takes
 * a lock that serializes commits). A node also receives its own signals.
 */
@ApplicationScoped
public class ClusterSignals {

    private static final Logger LOG = Logger.getLogger(ClusterSignals.class);
    private static final long SPACING_MS = 5;

    @Inject DataSource dataSource;
    private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
    private final Set<String> pending = new LinkedHashSet<>();
    private volatile boolean running;
    private Thread publisher;
    private Thread listener;

    /** Registers a handler; call it at start-up (the channels are LISTENed to when the listener connects). */
    public void subscribe(String channel, Consumer<String> handler) {
        handlers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(handler);
    }

    public void publish(String channel, String payload) {
        synchronized (pending) {
            if (pending.add(channel + "\n" + payload)) {
                pending.notifyAll();
            }
        }
    }

    void start(@Observes @jakarta.annotation.Priority(10) StartupEvent event) {
        running = true;
        publisher = new Thread(this::publishLoop, "cluster-publish");
        publisher.setDaemon(true);
        publisher.start();
        listener = new Thread(this::listenLoop, "cluster-listen");
        listener.setDaemon(true);
        listener.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (publisher != null) {
            publisher.interrupt();
            listener.interrupt();
        }
    }

    private void publishLoop() {
        while (running) {
            try {
                List<String> batch;
                synchronized (pending) {
                    while (pending.isEmpty()) {
                        pending.wait();
                    }
                    batch = List.copyOf(pending);
                    pending.clear();
                }
                try (Connection connection = dataSource.getConnection();
                        PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                    for (String signal : batch) {
                        int split = signal.indexOf('\n');
                        notify.setString(1, signal.substring(0, split));
                        notify.setString(2, signal.substring(split + 1));
                        notify.execute();
                    }
                }
                Thread.sleep(SPACING_MS);
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                LOG.debugf("could not signal the other nodes: %s", e.getMessage());
            }
        }
    }

    private void listenLoop() {
        while (running) {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                for (String channel : handlers.keySet()) {
                    statement.execute("LISTEN " + channel);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        handlers.getOrDefault(notification.getName(), List.of())
                                .forEach(handler -> handler.accept(notification.getParameter()));
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
