import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load generator: POSTs a ~1 KB JSON webhook at a fixed rate, whatever the answers, so a slow hub shows up
 * as latency instead of a lower request rate (no coordinated omission).
 *
 * <p>Single-file source program: {@code java bench/FixedRate.java <url> <perSecond> <seconds> [bodyBytes]}. Each
 * body is {@code {"sentAt": <epochMicros>, "seq": n, "pad": "..."}}, with {@code sentAt} read from the machine clock
 * just before the request is handed to the client, so the callback receiver can compute the end-to-end latency.
 * Prints one line of {@code key=value}: requests sent, 200s, errors, the achieved send rate and the response latency
 * measured from the scheduled send time.
 */
public class FixedRate {

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int bodyBytes = args.length > 3 ? Integer.parseInt(args[3]) : 1024;
        int total = rate * seconds;
        String pad = "x".repeat(Math.max(0, bodyBytes - 60));

        // A small fixed pool for the client's completions: the default (a cached pool) grows a thread per waiting
        // request when the hub falls behind, and those threads would take CPU from the hub on the same machine.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4, runnable -> {
                    Thread thread = new Thread(runnable, "generator");
                    thread.setDaemon(true);
                    return thread;
                }))
                .connectTimeout(Duration.ofSeconds(5)).build();
        long[] latencyMicros = new long[total];
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger inFlightMax = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);

        // A short warm-up of the client and the connection pool, not counted.
        for (int i = 0; i < 20; i++) {
            client.send(request(url, body(-1, pad)), HttpResponse.BodyHandlers.discarding());
        }

        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long scheduled = start + i * intervalNanos;
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            final int seq = i;
            int now = inFlight.incrementAndGet();
            inFlightMax.accumulateAndGet(now, Math::max);
            client.sendAsync(request(url, body(seq, pad)), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        latencyMicros[seq] = (System.nanoTime() - scheduled) / 1_000;
                        inFlight.decrementAndGet();
                        if (failure == null && response.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else {
                            if (failed.incrementAndGet() <= 3) {
                                System.err.println("request " + seq + " failed: "
                                        + (failure != null ? failure : "HTTP " + response.statusCode()));
                            }
                        }
                        done.countDown();
                    });
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        boolean all = done.await(60, TimeUnit.SECONDS);
        Arrays.sort(latencyMicros);
        System.out.printf("sent=%d ok=%d failed=%d unanswered=%d send_rate=%.0f/s resp_p50_ms=%.1f resp_p99_ms=%.1f"
                + " resp_max_ms=%.1f max_in_flight=%d%n", total, ok.get(), failed.get(), all ? 0 : done.getCount(),
                total / sendSeconds, pct(latencyMicros, 50) / 1000.0, pct(latencyMicros, 99) / 1000.0,
                latencyMicros[total - 1] / 1000.0, inFlightMax.get());
        System.exit(0);
    }

    static HttpRequest request(URI url, String body) {
        return HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static String body(int seq, String pad) {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        return seq < 0 ? "{\"warmup\": true, \"pad\": \"" + pad + "\"}"
                : "{\"sentAt\": " + micros + ", \"seq\": " + seq + ", \"pad\": \"" + pad + "\"}";
    }

    static long pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
