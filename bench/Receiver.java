import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The app side of the benchmark: receives the hub's callbacks on 127.0.0.1 and measures end-to-end latency.
 *
 * <p>Single-file source program: {@code java bench/Receiver.java <port>}. Endpoints:
 * <ul>
 * <li>{@code POST /cb} a callback. When the notification's {@code message.raw} holds {@code "sentAt": <epochMicros>}
 * (written by the load generator just before its POST), {@code now - sentAt} is recorded: vendor POST to callback
 * arrival, both read from the same machine clock.</li>
 * A callback with an {@code Elements-Replay-Id} header (a replay, API.md §7) is only counted, as {@code replayed}
 * with the span from its first to its last arrival: its {@code sentAt} is old.</li>
 * <li>{@code GET /stats} counts and percentiles since the last reset, as one line of {@code key=value}.</li>
 * <li>{@code POST /reset} starts a new measurement window; {@code /reset?pages=N} also counts the pages of each
 * webhook (callbacks with the same {@code sentAt}: every page carries the whole vendor body) and records, when the
 * N-th arrives, the time from the vendor POST until all of its pages were there ({@code fanout_*} in the stats).</li>
 * </ul>
 * The handler's own time (body read, parse, answer written) is recorded too, so its overhead can be reported.
 */
public class Receiver {

    static final int CAPACITY = 1 << 20;

    static final class Window {
        final long startedNanos = System.nanoTime();
        final AtomicInteger count = new AtomicInteger();
        final AtomicInteger timed = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicLong firstArrivalNanos = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastArrivalNanos = new AtomicLong();
        final long[] e2eMicros = new long[CAPACITY];
        final long[] handlerNanos = new long[CAPACITY];
        final ConcurrentHashMap<String, Boolean> eventIds = new ConcurrentHashMap<>();
        final AtomicInteger replayed = new AtomicInteger();
        final AtomicLong firstReplayNanos = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastReplayNanos = new AtomicLong();
        final int pages;
        final ConcurrentHashMap<Long, AtomicInteger> pagesSeen = new ConcurrentHashMap<>();
        final AtomicInteger complete = new AtomicInteger();
        final long[] completeMicros = new long[CAPACITY];

        Window(int pages) {
            this.pages = pages;
        }
    }

    static volatile Window window = new Window(0);
    static final AtomicLong total = new AtomicLong();

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.createContext("/cb", Receiver::callback);
        server.createContext("/stats", exchange -> answer(exchange, 200, stats(window)));
        server.createContext("/reset", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            window = new Window(query != null && query.startsWith("pages=") ? Integer.parseInt(query.substring(6)) : 0);
            answer(exchange, 200, "ok\n");
        });
        server.start();
        System.out.println("receiver listening on 127.0.0.1:" + port);
    }

    static void callback(HttpExchange exchange) throws IOException {
        long arrivedNanos = System.nanoTime();
        Instant now = Instant.now();
        long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Window w = window;
        if (exchange.getRequestHeaders().containsKey("Elements-Replay-Id")) {
            w.replayed.incrementAndGet();
            w.firstReplayNanos.accumulateAndGet(arrivedNanos, Math::min);
            w.lastReplayNanos.accumulateAndGet(arrivedNanos, Math::max);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        int index = w.count.getAndIncrement();
        total.incrementAndGet();
        String eventId = exchange.getRequestHeaders().getFirst("Elements-Webhook-Id");
        if (eventId != null && w.eventIds.putIfAbsent(eventId, Boolean.TRUE) != null) {
            w.duplicates.incrementAndGet();
        }
        long sentAt = findLong(body, "\"sentAt\":");
        if (sentAt > 0) {
            int t = w.timed.getAndIncrement();
            if (t < CAPACITY) {
                w.e2eMicros[t] = nowMicros - sentAt;
            }
            if (w.pages > 0 && w.pagesSeen.computeIfAbsent(sentAt, k -> new AtomicInteger()).incrementAndGet() == w.pages) {
                int c = w.complete.getAndIncrement();
                if (c < CAPACITY) {
                    w.completeMicros[c] = nowMicros - sentAt;
                }
            }
        }
        w.firstArrivalNanos.accumulateAndGet(arrivedNanos, Math::min);
        w.lastArrivalNanos.accumulateAndGet(arrivedNanos, Math::max);
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
        if (index < CAPACITY) {
            w.handlerNanos[index] = System.nanoTime() - arrivedNanos;
        }
    }

    /** The number after {@code key} in {@code body}, or -1: a scan, not a JSON parse, to keep the receiver cheap. */
    static long findLong(byte[] body, String key) {
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + k.length < body.length; i++) {
            for (int j = 0; j < k.length; j++) {
                if (body[i + j] != k[j]) {
                    continue outer;
                }
            }
            int p = i + k.length;
            while (p < body.length && body[p] == ' ') {
                p++;
            }
            long value = 0;
            boolean any = false;
            while (p < body.length && body[p] >= '0' && body[p] <= '9') {
                value = value * 10 + (body[p++] - '0');
                any = true;
            }
            return any ? value : -1;
        }
        return -1;
    }

    static String stats(Window w) {
        int n = Math.min(w.count.get(), CAPACITY);
        int t = Math.min(w.timed.get(), CAPACITY);
        long[] e2e = Arrays.copyOf(w.e2eMicros, t);
        long[] handler = Arrays.copyOf(w.handlerNanos, n);
        Arrays.sort(e2e);
        Arrays.sort(handler);
        long[] complete = Arrays.copyOf(w.completeMicros, Math.min(w.complete.get(), CAPACITY));
        Arrays.sort(complete);
        double spanSeconds = n > 1 ? (w.lastArrivalNanos.get() - w.firstArrivalNanos.get()) / 1e9 : 0;
        StringBuilder s = new StringBuilder();
        s.append("received=").append(w.count.get())
                .append(" distinct=").append(w.eventIds.size())
                .append(" duplicates=").append(w.duplicates.get())
                .append(" timed=").append(w.timed.get())
                .append(" span_s=").append(String.format("%.2f", spanSeconds))
                .append(" e2e_p50_ms=").append(ms(pct(e2e, 50)))
                .append(" e2e_p90_ms=").append(ms(pct(e2e, 90)))
                .append(" e2e_p99_ms=").append(ms(pct(e2e, 99)))
                .append(" e2e_p999_ms=").append(ms(pct(e2e, 99.9)))
                .append(" e2e_max_ms=").append(ms(e2e.length == 0 ? -1 : e2e[e2e.length - 1]))
                .append(" handler_p50_us=").append(String.format("%.1f", pct(handler, 50) / 1000.0))
                .append(" handler_p99_us=").append(String.format("%.1f", pct(handler, 99) / 1000.0))
                .append(" replayed=").append(w.replayed.get())
                .append(" replay_span_s=").append(String.format("%.2f", w.replayed.get() > 1
                        ? (w.lastReplayNanos.get() - w.firstReplayNanos.get()) / 1e9 : 0))
                .append(" fanout_webhooks=").append(w.pagesSeen.size())
                .append(" fanout_complete=").append(complete.length)
                .append(" fanout_p50_ms=").append(ms(pct(complete, 50)))
                .append(" fanout_p99_ms=").append(ms(pct(complete, 99)))
                .append(" fanout_max_ms=").append(ms(complete.length == 0 ? -1 : complete[complete.length - 1]))
                .append(" total=").append(total.get())
                .append('\n');
        return s.toString();
    }

    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static String ms(long micros) {
        return micros < 0 ? "n/a" : String.format("%.1f", micros / 1000.0);
    }

    static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
