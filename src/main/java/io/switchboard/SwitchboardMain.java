package io.switchboard;

import java.nio.file.Path;
import java.time.Duration;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.runtime.configuration.DurationConverter;
import io.switchboard.store.EmbeddedDatabase;

/**
 * Starts the hub. Without {@code quarkus.datasource.jdbc.url} it first starts an embedded PostgreSQL under
 * {@code switchboard.data-dir} and points the datasource (and so Flyway) at it, and watches it: a postmaster that
 * dies is started again on the same data dir and port ({@link EmbeddedDatabase#supervise}).
 */
@QuarkusMain
public final class SwitchboardMain {

    private static final Logger LOG = Logger.getLogger(SwitchboardMain.class);

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
            // Starts of a dead embedded PostgreSQL tried, so far apart, before liveness goes DOWN.
            int attempts = config.getOptionalValue("switchboard.database.restart-attempts", Integer.class).orElse(15);
            Duration every = config.getOptionalValue("switchboard.database.restart-every", String.class)
                    .map(DurationConverter::parseDuration).orElse(Duration.ofSeconds(2));
            Duration startWait = config.getOptionalValue("switchboard.database.restart-timeout", String.class)
                    .map(DurationConverter::parseDuration).orElse(Duration.ofSeconds(60));
            database.supervise(Duration.ofMillis(500), attempts, every, startWait);
            System.setProperty("quarkus.datasource.jdbc.url", database.jdbcUrl());
            System.setProperty("quarkus.datasource.username", "postgres");
            Quarkus.run(args);
        }
    }
}
