package io.switchboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka (KRaft, broker and controller in one) from the {@code kafka_2.13} jar on the test
 * classpath, run as a child JVM on 127.0.0.1 with ports and a log directory of its own. No Docker, nothing
 * downloaded at run time. {@link #stop} shuts it down (SIGTERM, a controlled shutdown), {@link #kill} kills it
 * (SIGKILL), and {@link #start} brings it back on the same ports with the same log directory, so topics and their
 * records survive, as with a broker that restarts.
 *
 * <p>The log directory is formatted by writing {@code meta.properties} (what {@code kafka-storage format} writes
 * for a static quorum); the metadata version is then the release's default. The broker's output goes to
 * {@code broker.log} in that directory.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBroker(Path dir, int port, int controllerPort) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** A new broker, formatted and started, answering requests when this returns. */
    public static KafkaBroker startNew() throws IOException {
        Path dir = Files.createTempDirectory("switchboard-kafka-");
        KafkaBroker broker = new KafkaBroker(dir, freePort(), freePort());
        broker.format();
        broker.start();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** Starts the broker (again) and waits until it answers a metadata request. */
    public synchronized void start() throws IOException {
        if (running()) {
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-cp", classpath(),
                KafkaBrokerMain.class.getName(),
                dir.resolve("server.properties").toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
        awaitReady();
    }

    /**
     * Stops the broker as an operator would (SIGTERM): it shuts down in order, and its clients are told the
     * partitions have no leader, so producers forget the topics' metadata.
     */
    public synchronized void stop() {
        end(false);
    }

    /** Kills the broker at once (SIGKILL): what clients see when a broker dies; they keep what they knew. */
    public synchronized void kill() {
        end(true);
    }

    private void end(boolean forcibly) {
        if (process == null) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("broker.log"));
        } catch (IOException e) {
            return "(no broker log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        kill();
    }

    private void format() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("data"));
        Properties server = new Properties();
        server.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", logs.toString()),
                Map.entry("num.partitions", "3"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "3"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // A restarted broker waits for its previous incarnation's session to lapse: keep that short.
                Map.entry("broker.session.timeout.ms", "2000"),
                Map.entry("broker.heartbeat.interval.ms", "500")));
        try (var out = Files.newBufferedWriter(dir.resolve("server.properties"))) {
            server.store(out, "written by KafkaBroker");
        }
        Properties meta = new Properties();
        meta.put("version", "1");
        meta.put("node.id", "1");
        meta.put("cluster.id", Uuid.randomUuid().toString());
        try (var out = Files.newBufferedWriter(logs.resolve("meta.properties"))) {
            meta.store(out, "written by KafkaBroker (kafka-storage format)");
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + ":\n"
                            + tail(log()));
                }
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // not listening or not elected yet
                }
            }
        }
        kill();
        throw new IllegalStateException("the Kafka broker was not ready within " + READY_TIMEOUT + ":\n" + tail(log()));
    }

    /** The test classpath holds kafka_2.13 and everything it needs (it is a test dependency). */
    private static String classpath() {
        String classpath = System.getProperty("java.class.path");
        if (Arrays.stream(classpath.split(File.pathSeparator)).noneMatch(entry -> entry.contains("kafka_2.13"))) {
            throw new IllegalStateException("kafka_2.13 is not on the test classpath (java.class.path): "
                    + "it is a test dependency in pom.xml");
        }
        return classpath;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String text) {
        return text.length() <= 8000 ? text : "…" + text.substring(text.length() - 8000);
    }
}
