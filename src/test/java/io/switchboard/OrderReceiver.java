package io.switchboard;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A callback receiver that keeps every request in arrival order and the most it ever had in flight at once: what
 * ordered delivery promises (one at a time, in order) is read off it. Each request is held {@code holdMillis}
 * before its answer, so that two sent at once would overlap.
 */
public final class OrderReceiver implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One request as it arrived. */
    public record Arrival(String eventId, String receiptId, int page, String rawId, String replayId, long nanos) {
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final List<Arrival> arrivals = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile ToIntFunction<Arrival> answer = arrival -> 200;
    private volatile long holdMillis;

    public OrderReceiver(long holdMillis) throws IOException {
        this.holdMillis = holdMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(pool);
        server.createContext("/", exchange -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            int status = 500;
            try {
                JsonNode message = MAPPER.readTree(exchange.getRequestBody().readAllBytes()).path("message");
                Arrival arrival = new Arrival(message.path("eventId").asText(), message.path("receiptId").asText(),
                        message.path("page").asInt(), message.path("raw").path("id").asText(),
                        exchange.getRequestHeaders().getFirst("Elements-Replay-Id"), System.nanoTime());
                synchronized (arrivals) {
                    arrivals.add(arrival);
                }
                status = answer.applyAsInt(arrival);
                if (holdMillis > 0) {
                    Thread.sleep(holdMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** How each request is answered (called before the hold; it may block to hold a request longer). */
    public void answer(ToIntFunction<Arrival> answer) {
        this.answer = answer;
    }

    public void holdMillis(long millis) {
        this.holdMillis = millis;
    }

    public List<Arrival> arrivals() {
        synchronized (arrivals) {
            return List.copyOf(arrivals);
        }
    }

    public int count() {
        synchronized (arrivals) {
            return arrivals.size();
        }
    }

    /** The most requests this receiver had in flight at any one time. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
