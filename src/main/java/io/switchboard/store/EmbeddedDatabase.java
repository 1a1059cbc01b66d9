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

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
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
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                .setServerConfig("listen_addresses", "127.0.0.1");
        if (durable) {
            // zonky passes -F (fsync off) before these options; a later -c wins.
            builder.setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
        }
        return new EmbeddedDatabase(builder.start());
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
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
