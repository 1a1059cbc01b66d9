import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load generator: POSTs a ~1 KB JSON webhook at a fixed rate, whatever the answers, so a slow hub shows up
 * as latency instead of a lower request rate (no coordinated omission).
 *
 * <p>Single-file source program: {@code java bench/FixedRate.java <url> <perSecond> <seconds> [bodyBytes]
 * [connections] [objects]}. A scheduler thread releases request n at {@code start + n / rate}; a fixed set of keep-alive
 * HTTP/1.1 connections (default 64, one thread each, plain sockets: a general-purpose client costs the machine more
 * CPU than the hub it measures) takes released requests in order. A request waiting for a free connection is
 * late, and that lateness counts: each body is {@code {"sentAt": <epochMicros>, "seq": n, "pad": "..."}} with
 * {@code sentAt} the request's scheduled time on the machine clock, so the callback receiver's end-to-end latency
 * and the response latency printed here are both measured from when the request should have been sent.
 * With {@code objects > 0} the body also carries {@code "objects": [...]}, that many vendor objects (the fan-out
 * phase), and no pad.
 * Prints one line of {@code key=value}: requests sent, 200s, errors, the achieved release rate and the response
 * latency.
 */
public class FixedRate {

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int bodyBytes = args.length > 3 ? Integer.parseInt(args[3]) : 1024;
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        int objects = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        int total = rate * seconds;
        String pad = objects > 0 ? "" : "x".repeat(Math.max(0, bodyBytes - 60));
        String tail = objects > 0 ? "\", \"source\": \"loadgen\", \"objects\": " + objects(objects) + "}"
                : "\"}";
        String path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: ";

        long[] latencyMicros = new long[total];
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger inFlightMax = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);
        LinkedBlockingQueue<Integer> released = new LinkedBlockingQueue<>();
        long intervalNanos = 1_000_000_000L / rate;
        long[] startNanos = new long[1];
        long[] startMicros = new long[1];

        // Connections open before the clock starts; a short warm-up request each, not counted.
        Connection[] pool = new Connection[connections];
        for (int c = 0; c < connections; c++) {
            pool[c] = new Connection(url.getHost(), url.getPort());
            pool[c].post(head, "{\"warmup\": true, \"pad\": \"" + pad + "\"}");
        }
        // The start on both clocks: a pair read without being descheduled in between (on a busy machine a
        // preemption between the two readings would shift every sentAt, and end-to-end latencies of a millisecond
        // would come out negative).
        long before;
        long after;
        Instant now;
        do {
            before = System.nanoTime();
            now = Instant.now();
            after = System.nanoTime();
        } while (after - before > 20_000);
        startNanos[0] = before + (after - before) / 2 + 5_000_000;
        now = now.plusMillis(5);
        startMicros[0] = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        for (Connection connection : pool) {
            Thread thread = new Thread(() -> {
                while (true) {
                    int seq;
                    try {
                        seq = released.take();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long scheduled = startNanos[0] + seq * intervalNanos;
                    long sentAt = startMicros[0] + seq * intervalNanos / 1_000;
                    int status;
                    try {
                        status = connection.post(head, "{\"sentAt\": " + sentAt + ", \"seq\": " + seq + ", \"pad\": \""
                                + pad + tail);
                    } catch (IOException e) {
                        status = -1;
                        if (failed.get() < 3) {
                            System.err.println("request " + seq + " failed: " + e);
                        }
                        connection.reopen();
                    }
                    latencyMicros[seq] = (System.nanoTime() - scheduled) / 1_000;
                    inFlight.decrementAndGet();
                    if (status == 200) {
                        ok.incrementAndGet();
                    } else {
                        if (failed.incrementAndGet() <= 3 && status > 0) {
                            System.err.println("request " + seq + " failed: HTTP " + status);
                        }
                    }
                    done.countDown();
                }
            }, "generator");
            thread.setDaemon(true);
            thread.start();
        }

        for (int i = 0; i < total; i++) {
            long scheduled = startNanos[0] + i * intervalNanos;
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            inFlightMax.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            released.add(i);
        }
        double sendSeconds = (System.nanoTime() - startNanos[0]) / 1e9;
        boolean all = done.await(60, TimeUnit.SECONDS);
        Arrays.sort(latencyMicros);
        System.out.printf("sent=%d ok=%d failed=%d unanswered=%d send_rate=%.0f/s resp_p50_ms=%.1f resp_p99_ms=%.1f"
                + " resp_max_ms=%.1f max_in_flight=%d connections=%d%n", total, ok.get(), failed.get(),
                all ? 0 : done.getCount(), total / sendSeconds, pct(latencyMicros, 50) / 1000.0,
                pct(latencyMicros, 99) / 1000.0, latencyMicros[total - 1] / 1000.0, inFlightMax.get(), connections);
        System.exit(0);
    }

    /**
     * {@code n} objects as the Node-RED peer's load generator writes them (three actions in turn, ~215 bytes each),
     * for the fan-out phase: 100 of them make a ~22 KB body and, at 20 events a notification, 5 pages.
     */
    static String objects(int n) {
        String[] actions = { "created", "updated", "deleted" };
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append(String.format("{\"id\":\"obj-%06d\",\"type\":\"contacts\",\"action\":\"%s\","
                    + "\"date\":\"2026-11-22T10:15:30Z\",\"attributes\":{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\","
                    + "\"phone\":\"+15551234567\",\"company\":\"Analytical Engines Ltd\",\"city\":\"London\"}}", i,
                    actions[i % 3]));
        }
        return s.append(']').toString();
    }

    /** One keep-alive HTTP/1.1 connection: a request, then its whole response, then the next. */
    static final class Connection {
        private final String host;
        private final int port;
        private Socket socket;
        private OutputStream out;
        private InputStream in;

        Connection(String host, int port) throws IOException {
            this.host = host;
            this.port = port;
            open();
        }

        private void open() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        void reopen() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // a new one follows
            }
            try {
                open();
            } catch (IOException e) {
                System.err.println("could not reconnect: " + e);
            }
        }

        /** Sends a POST and reads the whole answer; returns its status. */
        int post(String head, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write((head + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            long length = 0;
            boolean chunked = false;
            String header;
            while (!(header = line()).isEmpty()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                long size;
                while ((size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else {
                skip(length);
            }
            return status;
        }

        private void skip(long bytes) throws IOException {
            while (bytes > 0) {
                long skipped = in.skip(bytes);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed mid-body");
                    }
                    skipped = 1;
                }
                bytes -= skipped;
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    static long pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
