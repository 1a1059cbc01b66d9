package io.switchboard.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server run from the zonky binaries, for a hub started without a configured database
 * and for the tests. Its data lives in {@code <dataDir>/postgres}, so the same data dir means the same data.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final Duration STALE_SERVER_STOP_WAIT = Duration.ofSeconds(30);

    private final Path pgData;
    private final boolean durable;
    private volatile EmbeddedPostgres postgres;
    private volatile Thread supervisor;
    private volatile boolean closed;
    private volatile boolean failed;
    private volatile Duration startWait = FIRST_START_WAIT;

    private EmbeddedDatabase(Path pgData, boolean durable, EmbeddedPostgres postgres) {
        this.pgData = pgData;
        this.durable = durable;
        this.postgres = postgres;
    }

    /**
     * Starts the server on a free port.
     *
     * @param durable true for the hub's run mode: fsync and synchronous commit on, so that a 2xx sent after a
     *        commit survives a power loss. Tests pass false and keep zonky's fast defaults.
     */
    public static EmbeddedDatabase start(Path dataDir, boolean durable) throws IOException {
        Path pgData = dataDir.resolve("postgres").toAbsolutePath();
        Files.createDirectories(pgData);
        stopStaleServer(pgData);
        return new EmbeddedDatabase(pgData, durable, builder(pgData, durable, FIRST_START_WAIT).start());
    }

    /** How long a start may take: the first includes initdb; zonky waits this long even when PostgreSQL exited. */
    private static final Duration FIRST_START_WAIT = Duration.ofSeconds(60);

    private static EmbeddedPostgres.Builder builder(Path pgData, boolean durable, Duration startWait) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setPGStartupWait(startWait)
                .setServerConfig("max_connections", "200")
                .setServerConfig("listen_addresses", "127.0.0.1");
        if (durable) {
            // zonky passes -F (fsync off) before these options; a later -c wins.
            builder.setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
        }
        return builder;
    }

    /** The one supervised by this process, if any: what the liveness check reads. */
    private static volatile EmbeddedDatabase supervised;

    /** Empty when no embedded database is supervised; else whether it is beyond restarting. */
    public static Optional<Boolean> supervisedFailed() {
        EmbeddedDatabase database = supervised;
        return database == null ? Optional.empty() : Optional.of(database.failed);
    }

    /**
     * Watches the postmaster: when it exits (killed, crashed), starts it again on the same data dir and port, so the
     * connection pool finds it where it was; PostgreSQL replays its WAL first (crash recovery), so every committed
     * transaction is still there. Gives up after {@code attempts} failed starts, a {@code retryEvery} apart; from then
     * on {@link #supervisedFailed()} is true and liveness is DOWN, so that an orchestrator restarts the process.
     * Each start may take {@code startWait} (crash recovery included) before it counts as failed.
     */
    public void supervise(Duration checkEvery, int attempts, Duration retryEvery, Duration startWait) {
        supervised = this;
        this.startWait = startWait;
        Thread thread = new Thread(() -> watch(checkEvery, attempts, retryEvery), "embedded-postgres-supervisor");
        thread.setDaemon(true);
        supervisor = thread;
        thread.start();
    }

    private void watch(Duration checkEvery, int attempts, Duration retryEvery) {
        while (!closed) {
            Optional<ProcessHandle> postmaster = postmaster();
            try {
                if (postmaster.isPresent()) {
                    postmaster.get().onExit().get();
                } else {
                    Thread.sleep(checkEvery.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                // onExit does not fail
            }
            if (closed) {
                return;
            }
            if (postmaster.isPresent() || !accepting()) {
                restart(postmaster.map(ProcessHandle::pid).orElse(-1L), attempts, retryEvery);
                if (failed) {
                    return;
                }
            }
        }
    }

    private void restart(long pid, int attempts, Duration retryEvery) {
        int port = postgres.getPort();
        LOG.errorf("The embedded PostgreSQL (pid %d, port %d) is gone; restarting it on %s with crash recovery. "
                + "Until it is back, requests that need the database are answered 503", pid, port, pgData);
        long began = System.nanoTime();
        for (int attempt = 1; attempt <= attempts && !closed; attempt++) {
            try {
                try {
                    postgres.close(); // releases zonky's lock on the data dir; pg_ctl stop finds nothing to stop
                } catch (IOException | RuntimeException ignored) {
                    // the server is gone already
                }
                // Backends of the dead postmaster hold its shared memory until they notice and exit: wait for them.
                postgres = builder(pgData, durable, startWait).setPort(port).start();
                LOG.infof("The embedded PostgreSQL is back on port %d after %d ms (attempt %d); the hub carries on",
                        port, (System.nanoTime() - began) / 1_000_000, attempt);
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warnf("Restarting the embedded PostgreSQL failed (attempt %d of %d): %s", attempt, attempts,
                        e.getMessage());
                try {
                    Thread.sleep(retryEvery.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
        if (!closed) {
            failed = true;
            LOG.errorf("The embedded PostgreSQL could not be restarted on %s; liveness is DOWN so that the process is "
                    + "restarted", pgData);
        }
    }

    /** The postmaster's process, from {@code postmaster.pid}. */
    private Optional<ProcessHandle> postmaster() {
        try {
            return Files.readAllLines(pgData.resolve("postmaster.pid")).stream().findFirst().map(String::trim)
                    .filter(line -> line.matches("\\d+")).flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                    .filter(ProcessHandle::isAlive);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private boolean accepting() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", postgres.getPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        Thread thread = supervisor;
        if (thread != null) {
            thread.interrupt();
        }
        if (supervised == this) {
            supervised = null;
        }
        postgres.close();
    }

    /**
     * The server runs detached from the JVM: after the JVM was killed it may still be running on the data dir,
     * holding {@code postmaster.pid}. Stop it (a fast shutdown: it has no clients left) before starting anew.
     */
    private static void stopStaleServer(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> stale = Files.readAllLines(pidFile).stream().findFirst()
                .map(String::trim)
                .filter(line -> line.matches("\\d+"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(ProcessHandle::isAlive)
                .filter(EmbeddedDatabase::isPostgres);
        if (stale.isEmpty()) {
            return;
        }
        ProcessHandle server = stale.get();
        LOG.infof("Stopping the PostgreSQL server (pid %d) left running on %s by an earlier run", server.pid(), pgData);
        server.destroy();
        try {
            server.onExit().get(STALE_SERVER_STOP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("PostgreSQL (pid %d) did not stop in %s; killing it", server.pid(), STALE_SERVER_STOP_WAIT);
            server.destroyForcibly();
            server.onExit().join();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("postgres")).orElse(true);
    }
}
