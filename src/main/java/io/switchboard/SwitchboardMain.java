package io.switchboard;

import java.nio.file.Path;
import java.time.Duration;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.switchboard.store.EmbeddedDatabase;

/**
 * Starts the hub. Without {@code quarkus.datasource.jdbc.url} it first starts an embedded PostgreSQL under
 * {@code switchboard.data-dir} and points the datasource (and so Flyway) at it, and watches it: a postmaster that
 * dies is started again on the same data dir and port ({@link EmbeddedDatabase#supervise}).
 */
@QuarkusMain
public final class SwitchboardMain {

    private static final Logger LOG = Logger.getLogger(SwitchboardMain.class);
    /** Starts of a dead embedded PostgreSQL tried, 2 s apart, before liveness goes DOWN. */
    private static final int RESTART_ATTEMPTS = 15;

    public static void main(String... args) throws Exception {
        Config config = ConfigProvider.getConfig();
        if (config.getOptionalValue("quarkus.datasource.jdbc.url", String.class).isPresent()) {
            Quarkus.run(args);
            return;
        }
        Path dataDir = Path.of(config.getOptionalValue("switchboard.data-dir", String.class).orElse("data"));
        long started = System.nanoTime();
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, true)) {
            LOG.infof("Embedded PostgreSQL ready on 127.0.0.1:%d in %d ms (data in %s)", database.port(),
                    (System.nanoTime() - started) / 1_000_000, dataDir.resolve("postgres").toAbsolutePath());
            database.supervise(Duration.ofMillis(500), RESTART_ATTEMPTS, Duration.ofSeconds(2));
            System.setProperty("quarkus.datasource.jdbc.url", database.jdbcUrl());
            System.setProperty("quarkus.datasource.username", "postgres");
            Quarkus.run(args);
        }
    }
}
