package io.switchboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.switchboard.store.EmbeddedDatabase;

/** One real embedded PostgreSQL for the whole test run, in a temporary data dir. */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedDatabase database;
    private static Path dataDir;

    @Override
    public synchronized Map<String, String> start() {
        try {
            if (database == null) {
                dataDir = Files.createTempDirectory("switchboard-test-");
                database = EmbeddedDatabase.start(dataDir, false);
                Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresResource::shutdown));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", "postgres",
                "switchboard.data-dir", dataDir.toString());
    }

    @Override
    public void stop() {
        // The server is shared by every Quarkus restart of the test run; it stops with the JVM.
    }

    private static synchronized void shutdown() {
        try {
            if (database != null) {
                database.close();
            }
        } catch (IOException ignored) {
            // the JVM is exiting
        }
    }
}
