package io.switchboard.poll;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

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
 * GETs vendor pages without holding a thread while the vendor thinks: many polls wait at once, and a slow vendor
 * only holds its own polls. Each call connects to addresses the SSRF guard checked (the Host header and TLS server
 * name stay the URL's), has one timeout from connecting to the end of the answer, reads at most a bounded body, and
 * follows no redirects. Futures complete on a Vert.x event loop: continue elsewhere before blocking.
 */
final class VendorClient implements AutoCloseable {

    /** What the vendor answered. */
    record Answer(int status, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final Duration timeout;
    private final long maxBody;

    VendorClient(Vertx vertx, Duration timeout, long maxBody, int maxPerHost) {
        this.vertx = vertx;
        this.timeout = timeout;
        this.maxBody = maxBody;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setKeepAlive(true)
                .setVerifyHost(true)
                .setTryUseCompression(true), new PoolOptions().setHttp1MaxSize(maxPerHost).setMaxWaitQueueSize(-1));
    }

    /**
     * @param what how the call is named in a failure, e.g. {@code contacts page 2}
     * @return the answer, or a future failed with a {@link PollFailure}
     */
    CompletableFuture<Answer> get(URI url, List<InetAddress> addresses, Map<String, String> headers, String what) {
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        RequestOptions template = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(host)
                .setPort(port)
                .setSsl(https)
                .setURI(url.getRawQuery() == null ? path : path + "?" + url.getRawQuery())
                .setFollowRedirects(false)
                .putHeader("Host", (host.contains(":") ? "[" + host + "]" : host)
                        + (url.getPort() != -1 ? ":" + url.getPort() : ""))
                .putHeader("Accept", "application/json");
        headers.forEach(template::putHeader);

        CompletableFuture<Answer> result = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> current = new AtomicReference<>();
        long timer = vertx.setTimer(timeout.toMillis(), id -> {
            if (result.completeExceptionally(new PollFailure(what + ": the vendor did not answer within "
                    + timeout.toSeconds() + " s"))) {
                HttpClientRequest request = current.get();
                if (request != null) {
                    request.reset();
                }
            }
        });
        result.whenComplete((answer, failure) -> vertx.cancelTimer(timer));
        connect(template, addresses, 0, port, result, current, what);
        return result;
    }

    @Override
    public void close() {
        client.close();
    }

    private void connect(RequestOptions template, List<InetAddress> addresses, int index, int port,
            CompletableFuture<Answer> result, AtomicReference<HttpClientRequest> current, String what) {
        RequestOptions options = new RequestOptions(template)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(addresses.get(index), port)));
        client.request(options).onComplete(connected -> {
            if (connected.failed()) {
                if (index + 1 < addresses.size() && !result.isDone()) {
                    connect(template, addresses, index + 1, port, result, current, what);
                } else {
                    result.completeExceptionally(new PollFailure(what + ": could not connect to the vendor ("
                            + message(connected.cause()) + ")"));
                }
                return;
            }
            HttpClientRequest request = connected.result();
            current.set(request);
            if (result.isDone()) {
                request.reset();
                return;
            }
            request.send().onComplete(sent -> {
                if (sent.failed()) {
                    result.completeExceptionally(new PollFailure(what + ": the connection to the vendor failed ("
                            + message(sent.cause()) + ")"));
                } else {
                    read(sent.result(), request, result, what);
                }
            });
        });
    }

    private void read(HttpClientResponse response, HttpClientRequest request, CompletableFuture<Answer> result,
            String what) {
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (body.length() + chunk.length() > maxBody) {
                result.completeExceptionally(new PollFailure(what + ": the vendor's answer is larger than "
                        + maxBody + " bytes (switchboard.poll.max-response)"));
                request.reset();
                return;
            }
            body.appendBuffer(chunk);
        });
        response.endHandler(ignored -> result.complete(new Answer(response.statusCode(), body.getBytes())));
        response.exceptionHandler(failure -> result.completeExceptionally(new PollFailure(what
                + ": the vendor's answer was cut short (" + message(failure) + ")")));
    }

    private static String message(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? "connection closed" : message;
    }
}
