package io.switchboard.outbound;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.vertx.core.MultiMap;
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

/**
 * The one HTTP client of every outgoing call (callbacks, polls, Twilio). A call connects to the addresses that
 * {@link TargetGuard#resolve} checked, never to a name looked up again, so a second DNS answer (rebinding) cannot
 * send it elsewhere; the Host header and the TLS server name stay the URL's. The next address is tried only when
 * connecting to one fails. Each call has one timeout, from the start of the connection to the end of the answer;
 * redirects are not followed and at most {@link Options#maxBody} bytes of an answer are read.
 *
 * <p>Futures complete on a Vert.x event loop: continue elsewhere before doing anything that blocks. A future fails
 * only with an {@link OutboundFailure}.
 */
public final class OutboundClient implements AutoCloseable {

    /** How much of an answer's body a caller wants. */
    public enum BodyMode {
        /** At most {@code maxBody} bytes: the rest is not read, and a body cut short still answers. */
        PREFIX,
        /** All of it: a larger body, or one cut short, fails the call. */
        WHOLE
    }

    /**
     * @param connectTimeout longest wait for a connection (the call's own timeout still applies)
     * @param maxPerHost     connections pooled per host and port
     * @param compression    whether to ask for compressed answers
     * @param maxBody        most bytes of an answer's body read
     * @param bodyMode       what happens at {@code maxBody} and when a body is cut short
     */
    public record Options(Duration connectTimeout, int maxPerHost, boolean compression, long maxBody,
            BodyMode bodyMode) {

        public Options {
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("the connect timeout must be positive, was " + connectTimeout);
            }
            if (maxPerHost < 1) {
                throw new IllegalArgumentException("maxPerHost must be at least 1, was " + maxPerHost);
            }
            Objects.requireNonNull(bodyMode, "bodyMode");
        }
    }

    /**
     * One call.
     *
     * @param url       canonical URL from {@link ResolvedTarget#uri()}
     * @param addresses addresses from {@link ResolvedTarget#addresses()}; at least one
     * @param headers   request headers besides {@code Host}
     * @param body      the request body, or {@code null} for none
     */
    public record Request(HttpMethod method, URI url, List<InetAddress> addresses, Map<String, String> headers,
            Buffer body, Duration timeout) {

        public Request {
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("no address to connect to for " + url.getHost());
            }
        }

        /** A call to a target the guard resolved. */
        public static Request to(HttpMethod method, ResolvedTarget target, Map<String, String> headers, Buffer body,
                Duration timeout) {
            return new Request(method, target.uri(), target.addresses(), headers, body, timeout);
        }
    }

    /** What the far end answered; {@code body} is all of it, or its start in {@link BodyMode#PREFIX}. */
    public record Answer(int status, MultiMap headers, byte[] body) {

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }
    }

    private final Vertx vertx;
    private final Options options;
    private final HttpClient client;

    public OutboundClient(Vertx vertx, Options options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = Objects.requireNonNull(options, "options");
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
                .setKeepAlive(true)
                .setVerifyHost(true)
                .setTryUseCompression(options.compression()),
                new PoolOptions().setHttp1MaxSize(options.maxPerHost()));
    }

    /** The host and port a call to {@code url} is made to, e.g. {@code api.twilio.com:443}. */
    public static String hostKey(URI url) {
        return host(url) + ":" + port(url);
    }

    /** Makes the call; the future fails only with an {@link OutboundFailure}. */
    public CompletableFuture<Answer> send(Request call) {
        URI url = call.url();
        String host = host(url);
        int port = port(url);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        RequestOptions template = new RequestOptions()
                .setMethod(call.method())
                .setHost(host)
                .setPort(port)
                .setSsl("https".equalsIgnoreCase(url.getScheme()))
                .setURI(url.getRawQuery() == null ? path : path + "?" + url.getRawQuery())
                .setFollowRedirects(false)
                // Vert.x would write an IPv6 host without brackets; the URL's own authority is always right.
                .putHeader("Host", (host.contains(":") ? "[" + host + "]" : host)
                        + (url.getPort() != -1 ? ":" + url.getPort() : ""));
        call.headers().forEach(template::putHeader);

        CompletableFuture<Answer> result = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> current = new AtomicReference<>();
        long timer = vertx.setTimer(call.timeout().toMillis(), id -> {
            if (result.completeExceptionally(new OutboundFailure(OutboundFailure.Kind.TIMEOUT,
                    "no answer within " + call.timeout().toMillis() + " ms", null))) {
                HttpClientRequest request = current.get();
                if (request != null) {
                    request.reset(); // frees the connection instead of waiting for an answer nobody reads
                }
            }
        });
        result.whenComplete((answer, failure) -> vertx.cancelTimer(timer));
        connect(template, call.addresses(), 0, port, call.body(), result, current);
        return result;
    }

    @Override
    public void close() {
        client.close();
    }

    private void connect(RequestOptions template, List<InetAddress> addresses, int index, int port, Buffer body,
            CompletableFuture<Answer> result, AtomicReference<HttpClientRequest> current) {
        RequestOptions request = new RequestOptions(template)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(addresses.get(index), port)));
        client.request(request).onComplete(connected -> {
            if (connected.failed()) {
                if (index + 1 < addresses.size() && !result.isDone()) {
                    connect(template, addresses, index + 1, port, body, result, current);
                } else {
                    result.completeExceptionally(OutboundFailure.of(OutboundFailure.Kind.CONNECT, connected.cause()));
                }
                return;
            }
            HttpClientRequest opened = connected.result();
            current.set(opened);
            if (result.isDone()) {
                opened.reset(); // the timeout fired while connecting
                return;
            }
            (body == null ? opened.send() : opened.send(body)).onComplete(sent -> {
                if (sent.failed()) {
                    result.completeExceptionally(OutboundFailure.of(OutboundFailure.Kind.SEND, sent.cause()));
                } else {
                    read(sent.result(), opened, result);
                }
            });
        });
    }

    private void read(HttpClientResponse response, HttpClientRequest request, CompletableFuture<Answer> result) {
        Buffer body = Buffer.buffer();
        long max = options.maxBody();
        boolean prefix = options.bodyMode() == BodyMode.PREFIX;
        Runnable finish = () -> result.complete(new Answer(response.statusCode(), response.headers(), body.getBytes()));
        response.handler(chunk -> {
            if (result.isDone()) {
                return;
            }
            if (body.length() + chunk.length() <= max) {
                body.appendBuffer(chunk);
                return;
            }
            if (prefix) {
                // The status is what counts; a huge answer is not worth reading to the end.
                body.appendBuffer(chunk, 0, (int) (max - body.length()));
                finish.run();
            } else {
                result.completeExceptionally(new OutboundFailure(OutboundFailure.Kind.TOO_LARGE,
                        "the answer is larger than " + max + " bytes", null));
            }
            request.reset();
        });
        response.endHandler(ignored -> finish.run());
        response.exceptionHandler(failure -> {
            if (prefix) {
                finish.run(); // the status line arrived, so the far end answered; a short body does not change it
            } else {
                result.completeExceptionally(OutboundFailure.of(OutboundFailure.Kind.CUT_SHORT, failure));
            }
        });
    }

    private static String host(URI url) {
        String host = url.getHost();
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }
}
