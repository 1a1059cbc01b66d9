package io.switchboard;

import org.awaitility.core.ConditionTimeoutException;
import static org.awaitility.Awaitility.await;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged hub ({@code target/quarkus-app/quarkus-run.jar}) run as a separate process, for tests that
 * restart or kill it. Run by failsafe after {@code package}.
 */
public final class HubProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern DB_PORT = Pattern.compile("Embedded PostgreSQL ready on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;
    private final long startedNanos;

    private HubProcess(Process process, Path log, int port, long startedNanos) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.startedNanos = startedNanos;
    }

    public static HubProcess start(Path dataDir, int port, Map<String, String> properties) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run ./mvnw package (verify does)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m",
                "-Dswitchboard.data-dir=" + dataDir, "-Dquarkus.http.port=" + port));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        Files.createDirectories(dataDir);
        Path log = Files.createTempFile(dataDir.getParent(), "hub-", ".log");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new HubProcess(process, log, port, started);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits for /q/health/ready to answer 200; returns the time from process start to ready. */
    public Duration awaitReady(Duration timeout) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try {
            await("the hub ready").atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the hub exited with " + process.exitValue() + ":\n" + log());
                }
                try {
                    return client.send(HttpRequest.newBuilder(URI.create(url("/q/health/ready")))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode() == 200;
                } catch (IOException notYet) {
                    return false; // not listening yet
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("the hub was not ready within " + timeout + ":\n" + log());
        }
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public int port() {
        return port;
    }

    /** {@code properties} and this node's embedded PostgreSQL as the database: for a second node on the same one. */
    public Map<String, String> onItsDatabase(Map<String, String> properties) throws IOException {
        Map<String, String> shared = new java.util.HashMap<>(properties);
        shared.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + databasePort() + "/postgres");
        shared.put("quarkus.datasource.username", "postgres");
        return shared;
    }

    /** POSTs {@code json} to the webhook URL of instance {@code instanceId} on this node (15 s timeout). */
    public HttpResponse<String> postWebhook(long instanceId, String json) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url("/elements/api-v2/events/webhook/" + instanceId)))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The embedded PostgreSQL port, from the start-up log line. */
    public int databasePort() throws IOException {
        Matcher matcher = DB_PORT.matcher(log());
        if (!matcher.find()) {
            throw new IllegalStateException("no embedded database line in the log:\n" + log());
        }
        return Integer.parseInt(matcher.group(1));
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGTERM, then wait: a graceful stop. */
    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** SIGKILL: no shutdown hook runs, the embedded PostgreSQL is left running. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
