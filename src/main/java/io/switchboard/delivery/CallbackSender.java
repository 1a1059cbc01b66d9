package io.switchboard.delivery;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLException;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import io.switchboard.outbound.ResolvedTarget;
import io.switchboard.outbound.RetryAfter;
import io.switchboard.outbound.TargetGuard;

/**
 * Posts notifications without blocking a thread per call: many calls are in flight at once, at most
 * {@link Options#maxPerHost} to one callback host and port, the rest wait in order. Each call connects to an address
 * that {@link TargetGuard#resolve} checked, while the Host header and TLS server name stay those of the URL. Redirects
 * are not followed. Every outcome, failures included, arrives as a {@link DeliveryResult}; the returned stage never
 * completes exceptionally.
 *
 * <p>Stages complete on a Vert.x event loop: continue with the {@code *Async} variants on another executor before
 * doing anything that blocks, such as recording the attempt in the database.
 */
public final class CallbackSender implements AutoCloseable {

    /**
     * @param timeout    per attempt, from the start of the connection to the end of the response
     * @param maxPerHost calls in flight to one host and port; more wait their turn, and their timeout starts then
     */
    public record Options(Duration timeout, int maxPerHost) {

        public static final Options DEFAULT = new Options(Duration.ofSeconds(10), 16);

        public Options {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the delivery timeout must be positive, was " + timeout);
            }
            if (maxPerHost < 1) {
                throw new IllegalArgumentException("maxPerHost must be at least 1, was " + maxPerHost);
            }
        }
    }

    /** A {@link #sendUnlessLate} deadline that never passes. */
    public static final long NEVER_LATE = Long.MAX_VALUE;

    /** Most characters of a response body or error kept as a result's detail. */
    static final int MAX_DETAIL = 500;

    // Enough bytes for MAX_DETAIL characters of any UTF-8 text; more of the body is not read.
    private static final int MAX_BODY_BYTES = MAX_DETAIL * 4;

    private final Vertx vertx;
    private final Options options;
    private final Clock clock;
    private final HttpClient client;
    private final HostLimiter limiter;

    public CallbackSender(Vertx vertx, Options options, Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, options.timeout().toMillis());
        this.client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setConnectTimeout(timeoutMillis)
                        .setKeepAlive(true)
                        .setVerifyHost(true),
                // The pool per address matches the per-host bound so that admitted calls never queue twice.
                new PoolOptions().setHttp1MaxSize(options.maxPerHost()));
        this.limiter = new HostLimiter(options.maxPerHost(), task -> vertx.runOnContext(ignored -> task.run()));
    }

    /**
     * Posts {@code body} as {@code application/json} to {@code url}, connecting to {@code resolved} (the next address
     * is tried only when connecting to one fails).
     *
     * @param url      canonical URL from {@link ResolvedTarget#uri()}
     * @param resolved addresses from {@link ResolvedTarget#addresses()}; at least one
     * @param headers  extra request headers, e.g. from {@link DeliverySigner}
     */
    public CompletionStage<DeliveryResult> send(URI url, List<InetAddress> resolved, Map<String, String> headers,
            byte[] body) {
        return sendUnlessLate(url, resolved, headers, body, NEVER_LATE)
                .thenApply(result -> result.orElseThrow(() -> new IllegalStateException("never late")));
    }

    /**
     * As {@link #send}, but a call that waits for its host's turn until after {@code notAfterNanos} (a
     * {@link System#nanoTime()} value) is not made: the stage then completes empty. A claimed delivery must not be
     * sent once its claim may have lapsed, or another node could send it too.
     */
    public CompletionStage<Optional<DeliveryResult>> sendUnlessLate(URI url, List<InetAddress> resolved,
            Map<String, String> headers, byte[] body, long notAfterNanos) {
        return sendUnlessLate(url, resolved, headers, body, notAfterNanos, options.timeout());
    }

    /** As {@link #sendUnlessLate(URI, List, Map, byte[], long)}, with a timeout of its own for this attempt. */
    public CompletionStage<Optional<DeliveryResult>> sendUnlessLate(URI url, List<InetAddress> resolved,
            Map<String, String> headers, byte[] body, long notAfterNanos, Duration timeout) {
        if (resolved.isEmpty()) {
            throw new IllegalArgumentException("no address to connect to for " + url.getHost());
        }
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        String hostKey = host + ":" + port;
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(host)
                .setPort(port)
                .setSsl(https)
                .setURI(pathAndQuery(url))
                .setFollowRedirects(false)
                // Vert.x would write an IPv6 host without brackets; the URL's own authority is always right.
                .putHeader("Host", (host.contains(":") ? "[" + host + "]" : host)
                        + (url.getPort() != -1 ? ":" + url.getPort() : ""))
                .putHeader("Content-Type", "application/json");
        headers.forEach(request::putHeader);
        Buffer payload = Buffer.buffer(body);

        CompletableFuture<Optional<DeliveryResult>> result = new CompletableFuture<>();
        limiter.submit(hostKey, () -> {
            if (notAfterNanos != NEVER_LATE && System.nanoTime() - notAfterNanos > 0) {
                limiter.release(hostKey);
                result.complete(Optional.empty());
                return;
            }
            attempt(request, List.copyOf(resolved), port, payload, timeout).onComplete(done -> {
                limiter.release(hostKey);
                result.complete(Optional.of(done.succeeded() ? done.result()
                        : DeliveryResult.ioFailure(describe(done.cause()))));
            });
        });
        return result;
    }

    /** Calls in flight to {@code host:port} now (waiting ones not counted). */
    public int inFlight(String host, int port) {
        return limiter.running(host + ":" + port);
    }

    @Override
    public void close() {
        client.close();
    }

    private Future<DeliveryResult> attempt(RequestOptions template, List<InetAddress> addresses, int port,
            Buffer payload, Duration timeout) {
        Promise<DeliveryResult> promise = Promise.promise();
        AtomicReference<HttpClientRequest> current = new AtomicReference<>();
        long timer = vertx.setTimer(timeout.toMillis(), id -> {
            if (promise.tryComplete(DeliveryResult.timedOut(timeout))) {
                HttpClientRequest request = current.get();
                if (request != null) {
                    request.reset(); // frees the connection instead of waiting for an answer nobody reads
                }
            }
        });
        connect(template, addresses, 0, port, promise, current, payload);
        return promise.future().onComplete(ignored -> vertx.cancelTimer(timer));
    }

    private void connect(RequestOptions template, List<InetAddress> addresses, int index, int port,
            Promise<DeliveryResult> promise, AtomicReference<HttpClientRequest> current, Buffer payload) {
        RequestOptions options = new RequestOptions(template)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(addresses.get(index), port)));
        client.request(options).onComplete(connected -> {
            if (connected.failed()) {
                if (index + 1 < addresses.size() && !promise.future().isComplete()) {
                    connect(template, addresses, index + 1, port, promise, current, payload);
                } else {
                    promise.tryComplete(DeliveryResult.ioFailure(describe(connected.cause())));
                }
                return;
            }
            HttpClientRequest request = connected.result();
            current.set(request);
            if (promise.future().isComplete()) {
                request.reset(); // the timeout fired while connecting
                return;
            }
            request.send(payload).onComplete(sent -> {
                if (sent.failed()) {
                    promise.tryComplete(DeliveryResult.ioFailure(describe(sent.cause())));
                } else {
                    read(sent.result(), request, promise);
                }
            });
        });
    }

    private void read(HttpClientResponse response, HttpClientRequest request, Promise<DeliveryResult> promise) {
        Buffer start = Buffer.buffer();
        Optional<Duration> retryAfter = RetryAfter.parse(response.getHeader("Retry-After"), clock);
        Runnable finish = () -> promise.tryComplete(DeliveryResult.ofStatus(response.statusCode(), retryAfter,
                detail(response, start)));
        response.handler(chunk -> {
            start.appendBuffer(chunk, 0, Math.min(chunk.length(), MAX_BODY_BYTES - start.length()));
            if (start.length() >= MAX_BODY_BYTES) {
                // The status is what counts; a huge answer is not worth reading to the end.
                finish.run();
                request.reset();
            }
        });
        response.endHandler(ignored -> finish.run());
        // The status line arrived, so the receiver answered; a body cut short does not change what it said.
        response.exceptionHandler(ignored -> finish.run());
    }

    private static String detail(HttpClientResponse response, Buffer start) {
        StringBuilder detail = new StringBuilder("HTTP ").append(response.statusCode());
        String location = response.getHeader("Location");
        if (response.statusCode() / 100 == 3 && location != null) {
            detail.append(", redirect to ").append(location).append(" not followed");
        }
        String body = new String(start.getBytes(), StandardCharsets.UTF_8).strip();
        if (!body.isEmpty()) {
            detail.append(": ").append(body);
        }
        return truncate(detail.toString());
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage() == null ? "connection closed" : failure.getMessage();
        String what;
        if (failure instanceof ConnectException) {
            what = "could not connect: ";
        } else if (failure instanceof SSLException) {
            what = "TLS failed: ";
        } else {
            what = "connection failed: ";
        }
        return truncate(what + message);
    }

    private static String truncate(String text) {
        if (text.length() <= MAX_DETAIL) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_DETAIL - 1)) ? MAX_DETAIL - 1 : MAX_DETAIL;
        return text.substring(0, end) + "…";
    }

    private static String pathAndQuery(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }
}
