package io.switchboard.delivery;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javax.net.ssl.SSLException;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import io.switchboard.outbound.OutboundClient;
import io.switchboard.outbound.OutboundFailure;
import io.switchboard.outbound.ResolvedTarget;
import io.switchboard.outbound.RetryAfter;
import io.switchboard.outbound.TargetGuard;

/**
 * Posts notifications without blocking a thread per call: many calls are in flight at once, at most
 * {@link Options#maxPerHost} to one callback host and port, the rest wait in order. Each call connects to an address
 * that {@link TargetGuard#resolve} checked (through the {@link OutboundClient}), while the Host header and TLS server name stay those of the URL. Redirects
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

    private final Options options;
    private final Clock clock;
    private final OutboundClient client;
    private final HostLimiter limiter;

    public CallbackSender(Vertx vertx, Options options, Clock clock) {
        Objects.requireNonNull(vertx, "vertx");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        // The pool per address matches the per-host bound so that admitted calls never queue twice.
        this.client = new OutboundClient(vertx, new OutboundClient.Options(options.timeout(), options.maxPerHost(),
                false, MAX_BODY_BYTES, OutboundClient.BodyMode.PREFIX));
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
        Map<String, String> all = new LinkedHashMap<>(headers.size() + 1);
        all.put("Content-Type", "application/json");
        all.putAll(headers);
        OutboundClient.Request request = new OutboundClient.Request(HttpMethod.POST, url, List.copyOf(resolved), all,
                Buffer.buffer(body), timeout);
        String hostKey = OutboundClient.hostKey(url);

        CompletableFuture<Optional<DeliveryResult>> result = new CompletableFuture<>();
        limiter.submit(hostKey, () -> {
            if (notAfterNanos != NEVER_LATE && System.nanoTime() - notAfterNanos > 0) {
                limiter.release(hostKey);
                result.complete(Optional.empty());
                return;
            }
            client.send(request).whenComplete((answer, failure) -> {
                limiter.release(hostKey);
                result.complete(Optional.of(failure == null ? result(answer) : result(failure, timeout)));
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

    private DeliveryResult result(OutboundClient.Answer answer) {
        return DeliveryResult.ofStatus(answer.status(),
                RetryAfter.parse(answer.header("Retry-After").orElse(null), clock), detail(answer));
    }

    private static DeliveryResult result(Throwable failure, Duration timeout) {
        if (failure instanceof OutboundFailure f && f.kind() == OutboundFailure.Kind.TIMEOUT) {
            return DeliveryResult.timedOut(timeout);
        }
        return DeliveryResult.ioFailure(describe(failure.getCause() != null ? failure.getCause() : failure));
    }

    private static String detail(OutboundClient.Answer answer) {
        StringBuilder detail = new StringBuilder("HTTP ").append(answer.status());
        String location = answer.header("Location").orElse(null);
        if (answer.status() / 100 == 3 && location != null) {
            detail.append(", redirect to ").append(location).append(" not followed");
        }
        String body = new String(answer.body(), StandardCharsets.UTF_8).strip();
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
}
