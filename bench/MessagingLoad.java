import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * The messaging benchmark's load generator and fake Twilio, in one JVM so that each message's time inside the
 * fake can be subtracted from the time the app waited: what is left is the latency the hub added.
 *
 * <p>Usage: java MessagingLoad.java HUB_URL AUTH CONCURRENCY SECONDS WARMUP_SECONDS FAKE_DELAY_MS
 */
public class MessagingLoad {

    static final Pattern N = Pattern.compile("bench-(\\d+)");
    static final Map<Long, long[]> fake = new ConcurrentHashMap<>(); // n -> {arrived, answered} (nanoTime)
    static final AtomicLong fakeRequests = new AtomicLong();

    public static void main(String[] args) throws Exception {
        String hub = args[0];
        String auth = args[1];
        int concurrency = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        int delayMs = Integer.parseInt(args[5]);

        HttpServer twilio = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        twilio.setExecutor(Executors.newFixedThreadPool(Math.max(64, concurrency * 2)));
        twilio.createContext("/", exchange -> {
            long arrived = System.nanoTime();
            fakeRequests.incrementAndGet();
            String form;
            try (InputStream in = exchange.getRequestBody()) {
                form = URLDecoder.decode(new String(in.readAllBytes(), StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            }
            Matcher m = N.matcher(form);
            long n = m.find() ? Long.parseLong(m.group(1)) : -1;
            if (delayMs > 0) {
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = ("{\"sid\": \"SM" + String.format("%032d", Math.max(n, 0)) + "\", \"status\": \"queued\", "
                    + "\"date_created\": \"Sun, 22 Nov 2026 10:15:30 +0000\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            long answered = System.nanoTime();
            exchange.close();
            if (n >= 0) {
                fake.put(n, new long[] { arrived, answered });
            }
        });
        twilio.start();
        String fakeUrl = "http://127.0.0.1:" + twilio.getAddress().getPort();

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).build();
        HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(hub + "/elements/api-v2/instances"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"element": {"key": "twilio"}, "name": "bench",
                         "configuration": {"twilio.account.sid": "ACbench", "twilio.auth.token": "token",
                                           "twilio.default.sender": "+14155550199", "twilio.base.url": "%s"}}"""
                        .formatted(fakeUrl))).build(), HttpResponse.BodyHandlers.ofString());
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(created.body());
        if (created.statusCode() != 200 || !id.find()) {
            throw new IllegalStateException("could not create the twilio instance: " + created.body());
        }
        String instanceId = id.group(1);
        System.out.printf("fake Twilio on %s, answering 201 after %d ms; twilio instance %s; %d concurrent clients%n",
                fakeUrl, delayMs, instanceId, concurrency);

        AtomicLong counter = new AtomicLong();
        run("warm-up (sync)", client, hub, auth, instanceId, concurrency, warmup, false, counter, true);
        run("sync", client, hub, auth, instanceId, concurrency, seconds, false, counter, false);
        run("warm-up (async)", client, hub, auth, instanceId, concurrency, Math.min(warmup, 5), true, counter, true);
        run("async", client, hub, auth, instanceId, concurrency, seconds, true, counter, false);
        twilio.stop(0);
        System.exit(0);
    }

    record Sample(long n, long start, long end, int status) {
    }

    static void run(String name, HttpClient client, String hub, String auth, String instanceId, int concurrency,
            int seconds, boolean async, AtomicLong counter, boolean quiet) throws Exception {
        List<Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        long startedAt = System.nanoTime();
        long deadline = startedAt + Duration.ofSeconds(seconds).toNanos();
        long fakeBefore = fakeRequests.get();
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int t = 0; t < concurrency; t++) {
            Thread thread = new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        long n = counter.incrementAndGet();
                        HttpRequest.Builder request = HttpRequest.newBuilder(
                                URI.create(hub + "/elements/api-v2/hubs/messaging/messages"))
                                .header("Authorization", auth).header("Element-Instances", instanceId)
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"to\": \"+14155550100\", \"message\": \"Your order shipped, bench-" + n
                                                + "\"}"));
                        if (async) {
                            request.header("Prefer", "respond-async");
                        }
                        long start = System.nanoTime();
                        int status;
                        try {
                            status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (IOException e) {
                            status = 0;
                        }
                        samples.add(new Sample(n, start, System.nanoTime(), status));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - startedAt) / 1e9;
        int expected = async ? 202 : 200;
        long ok = samples.stream().filter(s -> s.status() == expected).count();
        if (async) {
            // wait until the fake has every accepted message
            long waitUntil = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (samples.stream().filter(s -> s.status() == 202).anyMatch(s -> !fake.containsKey(s.n()))
                    && System.nanoTime() < waitUntil) {
                Thread.sleep(50);
            }
        }
        if (quiet) {
            System.out.printf("%s: %d requests%n", name, samples.size());
            return;
        }
        long[] waited = samples.stream().filter(s -> s.status() == expected).mapToLong(s -> s.end() - s.start())
                .sorted().toArray();
        long[] inFake = samples.stream().filter(s -> s.status() == expected && fake.containsKey(s.n()))
                .mapToLong(s -> fake.get(s.n())[1] - fake.get(s.n())[0]).sorted().toArray();
        System.out.printf("%n== %s: %d messages in %.1f s = %.0f messages/s accepted (%d other answers)%n", name, ok,
                elapsed, ok / elapsed, samples.size() - ok);
        System.out.printf("   app waited:        p50 %s  p99 %s  max %s%n", ms(pct(waited, 50)), ms(pct(waited, 99)),
                ms(pct(waited, 100)));
        System.out.printf("   inside fake Twilio: p50 %s  p99 %s%n", ms(pct(inFake, 50)), ms(pct(inFake, 99)));
        if (!async) {
            long[] added = samples.stream().filter(s -> s.status() == 200 && fake.containsKey(s.n()))
                    .mapToLong(s -> (s.end() - s.start()) - (fake.get(s.n())[1] - fake.get(s.n())[0])).sorted()
                    .toArray();
            System.out.printf("   added by the hub (app wait - fake time, per message): p50 %s  p99 %s%n",
                    ms(pct(added, 50)), ms(pct(added, 99)));
        } else {
            List<Sample> accepted = samples.stream().filter(s -> s.status() == 202).toList();
            long sent = accepted.stream().filter(s -> fake.containsKey(s.n())).count();
            long lastArrival = accepted.stream().filter(s -> fake.containsKey(s.n()))
                    .mapToLong(s -> fake.get(s.n())[0]).max().orElse(startedAt);
            double sendSeconds = (lastArrival - startedAt) / 1e9;
            long[] toTwilio = accepted.stream().filter(s -> fake.containsKey(s.n()))
                    .mapToLong(s -> fake.get(s.n())[0] - s.start()).sorted().toArray();
            System.out.printf("   sent through to the fake: %d of %d, the last %.1f s after the start = %.0f messages/s"
                    + " (%d calls to the fake in this phase)%n", sent, accepted.size(), sendSeconds,
                    sent / sendSeconds, fakeRequests.get() - fakeBefore);
            System.out.printf("   request start -> Twilio call (queueing in the hub): p50 %s  p99 %s%n",
                    ms(pct(toTwilio, 50)), ms(pct(toTwilio, 99)));
        }
    }

    static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String ms(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }
}
