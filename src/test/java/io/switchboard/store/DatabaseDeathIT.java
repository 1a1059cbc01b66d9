package io.switchboard.store;

import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.restassured.http.ContentType;
import io.switchboard.HubProcess;

/**
 * The embedded PostgreSQL's postmaster is killed (SIGKILL) under load, the JVM left running: the hub answers 503
 * problem+json with Retry-After (never another 5xx) while it is gone, restarts it on the same data dir, and accepts
 * webhooks again without a restart of its own; every webhook answered 200 is delivered.
 */
class DatabaseDeathIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> PROPERTIES = Map.of(
            "switchboard.delivery.allow-private-targets", "true",
            "switchboard.delivery.retry-schedule", "300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms",
            "switchboard.bootstrap.organization-secret", "death-org",
            "switchboard.bootstrap.user-secret", "death-user",
            "switchboard.admin.key", "death-admin");
    private static final String AUTH = "User death-user, Organization death-org";

    @TempDir
    Path work;

    @Test
    void aKilledPostmasterIsRestartedAndNothingAcceptedIsLost() throws Exception {
        Path dataDir = work.resolve("data");
        int callbackPort = HubProcess.freePort();
        Set<String> arrived = ConcurrentHashMap.newKeySet();
        HttpServer receiver = receiver(callbackPort, arrived);

        try (HubProcess hub = HubProcess.start(dataDir, HubProcess.freePort(), PROPERTIES)) {
            hub.awaitReady(Duration.ofSeconds(120));
            long instanceId = createInstance(hub, callbackPort);

            Set<String> accepted = ConcurrentHashMap.newKeySet();
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
            AtomicLong killedAt = new AtomicLong();
            AtomicLong firstAcceptedAfterKill = new AtomicLong();
            AtomicLong lastUnavailableAt = new AtomicLong();
            List<Long> acceptedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
            AtomicInteger unavailableDuringOutage = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            ExecutorService senders = Executors.newFixedThreadPool(8);
            AtomicInteger sent = new AtomicInteger();
            for (int thread = 0; thread < 8; thread++) {
                senders.execute(() -> {
                    while (running.get()) {
                        int n = sent.incrementAndGet();
                        try {
                            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                                    URI.create(hub.url("/elements/api-v2/events/webhook/" + instanceId)))
                                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"d" + n + "\"}")).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                            if (response.statusCode() == 200) {
                                accepted.add(MAPPER.readTree(response.body()).path("id").asText());
                                if (killedAt.get() != 0) {
                                    firstAcceptedAfterKill.compareAndSet(0, System.nanoTime());
                                    acceptedAt.add(System.nanoTime());
                                }
                            } else if (response.statusCode() == 503
                                    && response.headers().firstValue("Retry-After").isPresent()
                                    && response.headers().firstValue("Content-Type").orElse("")
                                            .startsWith("application/problem+json")) {
                                unavailableDuringOutage.incrementAndGet();
                                lastUnavailableAt.accumulateAndGet(System.nanoTime(), Math::max);
                                Thread.sleep(100);
                            } else {
                                unexpected.add(response.statusCode() + " " + response.headers().map() + " "
                                        + response.body());
                            }
                        } catch (IOException e) {
                            unexpected.add("no answer: " + e);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }
            awaitTrue(() -> accepted.size() >= 300, Duration.ofSeconds(60), "300 webhooks accepted before the kill");
            ProcessHandle postmaster = postmaster(dataDir);
            killedAt.set(System.nanoTime());
            postmaster.destroyForcibly();
            postmaster.onExit().get(10, TimeUnit.SECONDS);
            int acceptedAtKill = accepted.size();

            awaitTrue(() -> firstAcceptedAfterKill.get() != 0, Duration.ofSeconds(60),
                    "a webhook accepted again after the kill:\n" + hub.log());
            awaitTrue(() -> lastUnavailableAt.get() != 0 && acceptedAt.stream().anyMatch(t -> t > lastUnavailableAt.get()),
                    Duration.ofSeconds(60), "a webhook accepted after the outage");
            int acceptedAtRecovery = accepted.size();
            awaitTrue(() -> accepted.size() >= acceptedAtRecovery + 300, Duration.ofSeconds(60),
                    "300 more accepted after the restart");
            running.set(false);
            senders.shutdown();
            assertTrue(senders.awaitTermination(60, TimeUnit.SECONDS));

            assertEquals(List.of(), unexpected.subList(0, Math.min(5, unexpected.size())),
                    "answers other than 200 and 503 problem+json with Retry-After; the hub's log says:\n"
                            + failures(hub.log()));
            assertTrue(hub.log().contains("is gone; restarting it"), "the restart is logged");
            assertTrue(hub.log().contains("The embedded PostgreSQL is back on port"), hub.log());
            // Recovery as the senders saw it: from the kill to the first 200 answered after the last 503.
            long lastUnavailable = lastUnavailableAt.get();
            long recoverMillis = (acceptedAt.stream().filter(t -> t > lastUnavailable).min(Long::compare).orElseThrow()
                    - killedAt.get()) / 1_000_000;
            java.util.regex.Matcher restart = java.util.regex.Pattern
                    .compile("is back on port \\d+ after (\\d+) ms").matcher(hub.log());
            assertTrue(restart.find(), hub.log());
            long restartMillis = Long.parseLong(restart.group(1));
            given().get(hub.url("/q/health/live")).then().statusCode(200);

            long drainStart = System.nanoTime();
            awaitTrue(() -> arrived.containsAll(accepted), Duration.ofSeconds(120), "every accepted receipt delivered");
            Set<String> missing = new HashSet<>(accepted);
            missing.removeAll(arrived);
            System.out.printf("[figures] postmaster kill under load: %d accepted before the kill, %d in all; "
                    + "answers by status %s; %d answered 503 during the outage; PostgreSQL restarted (crash recovery "
                    + "included) in %d ms; webhooks accepted again %d ms after the kill (first 200 after the last "
                    + "503); all accepted delivered %d ms after the senders stopped; lost %d%n", acceptedAtKill,
                    accepted.size(), statuses, unavailableDuringOutage.get(), restartMillis, recoverMillis,
                    (System.nanoTime() - drainStart) / 1_000_000, missing.size());
            assertEquals(Set.of(), missing);
            hub.stop();
        } finally {
            receiver.stop(0);
        }
    }

    /**
     * The postmaster is killed and cannot be started again (its configuration was broken meanwhile): after the
     * configured attempts {@code /q/health/live} goes DOWN, ingest answers 503, and once the process is restarted on
     * the repaired data dir (what an orchestrator does), every receipt accepted before is there and delivered.
     */
    @Test
    void aPostmasterThatCannotBeRestartedTakesLivenessDown() throws Exception {
        Path dataDir = work.resolve("data");
        int callbackPort = HubProcess.freePort();
        Set<String> arrived = ConcurrentHashMap.newKeySet();
        HttpServer receiver = receiver(callbackPort, arrived);
        Map<String, String> properties = new java.util.HashMap<>(PROPERTIES);
        properties.put("switchboard.database.restart-attempts", "3");
        properties.put("switchboard.database.restart-every", "200ms");
        properties.put("switchboard.database.restart-timeout", "5s");
        int port = HubProcess.freePort();
        Set<String> accepted = new HashSet<>();
        Path autoConf = dataDir.resolve("postgres/postgresql.auto.conf");
        try {
            try (HubProcess hub = HubProcess.start(dataDir, port, properties)) {
                hub.awaitReady(Duration.ofSeconds(120));
                long instanceId = createInstance(hub, callbackPort);
                for (int n = 0; n < 50; n++) {
                    accepted.add(given().contentType(ContentType.JSON).body("{\"id\": \"l" + n + "\"}")
                            .post(hub.url("/elements/api-v2/events/webhook/" + instanceId))
                            .then().statusCode(200).extract().path("id"));
                }
                // Read by PostgreSQL at its next start only: the running server is unaffected.
                Files.writeString(autoConf, Files.readString(autoConf) + "\nshared_buffers = 'not-a-size'\n");
                ProcessHandle postmaster = postmaster(dataDir);
                postmaster.destroyForcibly();
                postmaster.onExit().get(10, TimeUnit.SECONDS);

                try {
                    awaitTrue(() -> given().get(hub.url("/q/health/live")).statusCode() == 503,
                            Duration.ofSeconds(90), "liveness DOWN");
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; the hub's log says:\n" + hub.log(), e);
                }
                given().get(hub.url("/q/health/live")).then().statusCode(503)
                        .body("checks.find { it.name == 'embedded-database' }.status",
                                org.hamcrest.Matchers.equalTo("DOWN"));
                assertTrue(hub.log().contains("could not be restarted"), hub.log());
                assertTrue(hub.log().contains("Restarting the embedded PostgreSQL failed (attempt 3 of 3)"), hub.log());
                given().contentType(ContentType.JSON).body("{\"id\": \"refused\"}")
                        .post(hub.url("/elements/api-v2/events/webhook/" + instanceId))
                        .then().statusCode(503).contentType("application/problem+json")
                        .header("Retry-After", org.hamcrest.Matchers.notNullValue());
                hub.kill(); // the orchestrator's restart
            }
            Files.writeString(autoConf, Files.readString(autoConf).replace("shared_buffers = 'not-a-size'", ""));
            try (HubProcess hub = HubProcess.start(dataDir, port, properties)) {
                hub.awaitReady(Duration.ofSeconds(120));
                given().get(hub.url("/q/health/live")).then().statusCode(200);
                awaitTrue(() -> arrived.containsAll(accepted), Duration.ofSeconds(120),
                        "every receipt accepted before the outage delivered after the restart");
                Set<String> missing = new HashSet<>(accepted);
                missing.removeAll(arrived);
                System.out.printf("[figures] unrestartable postmaster: liveness DOWN after 3 failed starts; %d accepted "
                        + "before, lost %d%n", accepted.size(), missing.size());
                assertEquals(Set.of(), missing);
                hub.stop();
            }
        } finally {
            receiver.stop(0);
        }
    }

    private static HttpServer receiver(int port, Set<String> arrived) throws IOException {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.createContext("/cb", exchange -> {
            JsonNode message = MAPPER.readTree(exchange.getRequestBody().readAllBytes()).path("message");
            arrived.add(message.path("receiptId").asText());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        return receiver;
    }

    private static long createInstance(HubProcess hub, int callbackPort) {
        return ((Number) given().header("Authorization", AUTH).contentType(ContentType.JSON).body("""
                {"element": {"key": "webhook"}, "name": "death",
                 "configuration": {"event.notification.enabled": "true",
                                   "event.notification.callback.url": "http://127.0.0.1:%d/cb"}}"""
                .formatted(callbackPort)).post(hub.url("/elements/api-v2/instances"))
                .then().statusCode(200).extract().path("id")).longValue();
    }

    /** The first unexpected failure the hub logged, with its causes. */
    private static String failures(String log) {
        int at = log.indexOf("Unexpected failure");
        if (at < 0) {
            return "(no unexpected failure logged)";
        }
        return log.substring(at, Math.min(log.length(), at + 6000)).lines()
                .filter(line -> !line.trim().startsWith("at ") || line.contains("io.switchboard"))
                .limit(60).collect(java.util.stream.Collectors.joining("\n"));
    }

    private static ProcessHandle postmaster(Path dataDir) throws IOException {
        String pid = Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim();
        return ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        await(what).atMost(timeout).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
    }
}
