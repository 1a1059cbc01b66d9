package io.switchboard.poll;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.switchboard.outbound.OutboundClient;
import io.switchboard.outbound.OutboundFailure;
import io.switchboard.outbound.ResolvedTarget;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;

/**
 * GETs vendor pages without holding a thread while the vendor thinks: many polls wait at once, and a slow vendor
 * only holds its own polls. Each call goes through the {@link OutboundClient}, so it connects to addresses the
 * guard checked, has one timeout from connecting to the end of the answer, reads at most a bounded body, and
 * follows no redirects. Futures complete on a Vert.x event loop: continue elsewhere before blocking.
 */
final class VendorClient implements AutoCloseable {

    /** What the vendor answered. */
    record Answer(int status, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final OutboundClient client;
    private final Duration timeout;
    private final long maxBody;

    VendorClient(Vertx vertx, Duration timeout, long maxBody, int maxPerHost) {
        this.timeout = timeout;
        this.maxBody = maxBody;
        this.client = new OutboundClient(vertx, new OutboundClient.Options(timeout, maxPerHost, true, maxBody,
                OutboundClient.BodyMode.WHOLE));
    }

    /**
     * @param what how the call is named in a failure, e.g. {@code contacts page 2}
     * @return the answer, or a future failed with a {@link PollFailure}
     */
    CompletableFuture<Answer> get(ResolvedTarget target, Map<String, String> headers, String what) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Accept", "application/json");
        all.putAll(headers);
        CompletableFuture<Answer> result = new CompletableFuture<>();
        client.send(OutboundClient.Request.to(HttpMethod.GET, target, all, null, timeout)).whenComplete(
                (answer, failure) -> {
                    if (failure == null) {
                        result.complete(new Answer(answer.status(), answer.body()));
                    } else {
                        result.completeExceptionally(failure(what, failure));
                    }
                });
        return result;
    }

    @Override
    public void close() {
        client.close();
    }

    private PollFailure failure(String what, Throwable failure) {
        OutboundFailure.Kind kind = failure instanceof OutboundFailure f ? f.kind() : OutboundFailure.Kind.SEND;
        String message = failure.getMessage();
        return new PollFailure(what + switch (kind) {
            case TIMEOUT -> ": the vendor did not answer within " + timeout.toSeconds() + " s";
            case CONNECT -> ": could not connect to the vendor (" + message + ")";
            case SEND -> ": the connection to the vendor failed (" + message + ")";
            case TOO_LARGE -> ": the vendor's answer is larger than " + maxBody
                    + " bytes (switchboard.poll.max-response)";
            case CUT_SHORT -> ": the vendor's answer was cut short (" + message + ")";
        });
    }
}
