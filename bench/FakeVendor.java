import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * A vendor for bench/polling.sh: every GET answers a JSON array of OBJECTS objects, each updated now, so that every
 * poll finds OBJECTS changes. Usage: java FakeVendor <port> <objects> [delayMillis]. Prints "vendor listening".
 */
public class FakeVendor {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int objects = Integer.parseInt(args[1]);
        long delay = args.length > 2 ? Long.parseLong(args[2]) : 0;
        AtomicLong requests = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newFixedThreadPool(delay > 0 ? 256 : 16));
        server.createContext("/", exchange -> {
            long n = requests.incrementAndGet();
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String now = Instant.now().toString();
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < objects; i++) {
                body.append(i == 0 ? "" : ",").append("{\"id\":\"o").append(i).append("\",\"name\":\"object ")
                        .append(i).append("\",\"created\":\"2026-01-01T00:00:00Z\",\"updated\":\"").append(now)
                        .append("\",\"n\":").append(n).append('}');
            }
            byte[] bytes = body.append(']').toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        System.out.println("vendor listening on " + port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("vendor requests: " + requests.get())));
    }
}
