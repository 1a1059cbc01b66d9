package io.switchboard.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

class CallbackSenderTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:15:30Z"), ZoneOffset.UTC);
    private static final byte[] BODY = "{\"message\": {\"eventId\": \"ntf_1\", \"text\": \"grüße\"}}\n"
            .getBytes(StandardCharsets.UTF_8);

    private Vertx vertx;
    private WireMockServer receiver;
    private CallbackSender sender;
    private InetAddress loopback;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        receiver = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
        sender = new CallbackSender(vertx, new CallbackSender.Options(Duration.ofSeconds(2), 16), CLOCK);
        loopback = InetAddress.getByName("127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        sender.close();
        receiver.stop();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + receiver.port() + path);
    }

    private static DeliveryResult await(CompletionStage<DeliveryResult> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private DeliveryResult deliver(String path) throws Exception {
        return await(sender.send(url(path), List.of(loopback), Map.of(), BODY));
    }

    @Test
    void a200IsDeliveredAndTheExactBytesArriveWithTheHeaders() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(200).withBody("thanks")));

        DeliveryResult result = await(sender.send(url("/hook?instance=7"), List.of(loopback),
                Map.of("Elements-Webhook-Id", "ntf_1", "Elements-Webhook-Signature", "sha256=abc"), BODY));

        assertTrue(result.success(), result::detail);
        assertEquals(OptionalInt.of(200), result.statusCode());
        assertEquals("HTTP 200: thanks", result.detail());
        List<LoggedRequest> requests = receiver.findAll(postRequestedFor(urlEqualTo("/hook?instance=7")));
        assertEquals(1, requests.size());
        LoggedRequest request = requests.get(0);
        assertArrayEquals(BODY, request.getBody());
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertEquals("ntf_1", request.getHeader("Elements-Webhook-Id"));
        assertEquals("sha256=abc", request.getHeader("Elements-Webhook-Signature"));
    }

    @Test
    void connectsToTheResolvedAddressButSendsTheUrlsHost() throws Exception {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(204)));
        URI named = URI.create("http://callbacks.example:" + receiver.port() + "/hook");

        DeliveryResult result = await(sender.send(named, List.of(loopback), Map.of(), BODY));

        assertTrue(result.success(), result::detail);
        assertEquals("callbacks.example:" + receiver.port(),
                receiver.findAll(postRequestedFor(urlEqualTo("/hook"))).get(0).getHeader("Host"));
    }

    @Test
    void anIpv6HostIsBracketedInTheHostHeader() throws Exception {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(204)));
        URI v6 = URI.create("http://[::1]:" + receiver.port() + "/hook");

        DeliveryResult result = await(sender.send(v6, List.of(loopback), Map.of(), BODY));

        assertTrue(result.success(), result::detail);
        assertEquals("[::1]:" + receiver.port(),
                receiver.findAll(postRequestedFor(urlEqualTo("/hook"))).get(0).getHeader("Host"));
    }

    @Test
    void triesTheNextAddressWhenConnectingFails() throws Exception {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(200)));
        // The receiver listens on 127.0.0.1 only, so 127.0.0.2 refuses the connection.
        DeliveryResult result = await(sender.send(url("/hook"),
                List.of(InetAddress.getByName("127.0.0.2"), loopback), Map.of(), BODY));
        assertTrue(result.success(), result::detail);
    }

    @Test
    void a500IsRetryableWithItsStatusAndATruncatedBody() throws Exception {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(500).withBody("x".repeat(5000))));

        DeliveryResult result = deliver("/hook");

        assertFalse(result.success());
        assertTrue(result.retryable());
        assertEquals(OptionalInt.of(500), result.statusCode());
        assertTrue(result.detail().startsWith("HTTP 500: xxxx"), result.detail());
        assertTrue(result.detail().length() <= CallbackSender.MAX_DETAIL + 1, () -> "" + result.detail().length());
    }

    @Test
    void a410StopsTheDelivery() throws Exception {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(410).withBody("unsubscribed")));

        DeliveryResult result = deliver("/hook");

        assertTrue(result.stop());
        assertEquals(OptionalInt.of(410), result.statusCode());
        assertEquals("HTTP 410: unsubscribed", result.detail());
    }

    @Test
    void aRedirectIsRetryableAndNotFollowed() throws Exception {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(302).withHeader("Location", "/elsewhere")));
        receiver.stubFor(post("/elsewhere").willReturn(aResponse().withStatus(200)));

        DeliveryResult result = deliver("/hook");

        assertTrue(result.retryable());
        assertEquals(OptionalInt.of(302), result.statusCode());
        assertEquals("HTTP 302, redirect to /elsewhere not followed", result.detail());
        receiver.verify(exactly(0), postRequestedFor(urlEqualTo("/elsewhere")));
    }

    @Test
    void retryAfterIsRead() throws Exception {
        receiver.stubFor(post("/seconds").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "120")));
        receiver.stubFor(post("/date").willReturn(
                aResponse().withStatus(429).withHeader("Retry-After", "Sun, 22 Nov 2026 10:16:00 GMT")));
        receiver.stubFor(post("/none").willReturn(aResponse().withStatus(503)));

        assertEquals(Optional.of(Duration.ofSeconds(120)), deliver("/seconds").retryAfter());
        assertEquals(Optional.of(Duration.ofSeconds(30)), deliver("/date").retryAfter());
        assertEquals(Optional.empty(), deliver("/none").retryAfter());
    }

    @Test
    void aSlowReceiverTimesOut() throws Exception {
        receiver.stubFor(post("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        CallbackSender impatient = new CallbackSender(vertx,
                new CallbackSender.Options(Duration.ofMillis(300), 16), CLOCK);
        try {
            long started = System.nanoTime();
            DeliveryResult result = await(impatient.send(url("/slow"), List.of(loopback), Map.of(), BODY));
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

            assertTrue(result.retryable());
            assertEquals(OptionalInt.empty(), result.statusCode());
            assertEquals("no response within 300 ms", result.detail());
            assertTrue(elapsedMillis >= 250 && elapsedMillis < 2000, () -> elapsedMillis + " ms");
        } finally {
            impatient.close();
        }
    }

    @Test
    void aCallWhoseTurnComesTooLateIsNotMade() throws Exception {
        receiver.stubFor(post("/busy").willReturn(aResponse().withStatus(200).withFixedDelay(800)));
        CallbackSender oneAtATime = new CallbackSender(vertx, new CallbackSender.Options(Duration.ofSeconds(5), 1),
                CLOCK);
        try {
            CompletableFuture<DeliveryResult> first = oneAtATime.send(url("/busy"), List.of(loopback), Map.of(), BODY)
                    .toCompletableFuture();
            // waits behind the first for ~800 ms, but may only start within 100 ms
            CompletableFuture<Optional<DeliveryResult>> late = oneAtATime.sendUnlessLate(url("/busy"),
                    List.of(loopback), Map.of(), BODY, System.nanoTime() + 100_000_000L).toCompletableFuture();
            CompletableFuture<Optional<DeliveryResult>> patient = oneAtATime.sendUnlessLate(url("/busy"),
                    List.of(loopback), Map.of(), BODY, System.nanoTime() + 10_000_000_000L).toCompletableFuture();

            assertTrue(first.get(10, TimeUnit.SECONDS).success());
            assertEquals(Optional.empty(), late.get(10, TimeUnit.SECONDS));
            assertTrue(patient.get(10, TimeUnit.SECONDS).orElseThrow().success());
            assertEquals(2, receiver.findAll(postRequestedFor(urlEqualTo("/busy"))).size(),
                    "the late call was not made");
            assertEquals(0, oneAtATime.inFlight("127.0.0.1", receiver.port()));
        } finally {
            oneAtATime.close();
        }
    }

    @Test
    void aRefusedConnectionIsRetryable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, loopback)) {
            closedPort = socket.getLocalPort();
        }
        DeliveryResult result = await(sender.send(URI.create("http://127.0.0.1:" + closedPort + "/hook"),
                List.of(loopback), Map.of(), BODY));

        assertTrue(result.retryable());
        assertEquals(OptionalInt.empty(), result.statusCode());
        assertTrue(result.detail().startsWith("could not connect: "), result.detail());
    }

    @Test
    void atMostMaxPerHostCallsAreInFlightToOneHostWhileOtherHostsProceed() throws Exception {
        // The slow host's calls are held until the test answers them, so the bound is seen without timing.
        List<io.vertx.core.http.HttpServerRequest> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger slowInFlight = new AtomicInteger();
        AtomicInteger mostSlowInFlight = new AtomicInteger();
        AtomicInteger slowServed = new AtomicInteger();
        HttpServer counting = vertx.createHttpServer().requestHandler(request -> {
            if (!request.path().equals("/slow")) {
                request.body().onSuccess(body -> request.response().setStatusCode(200).end());
                return;
            }
            mostSlowInFlight.accumulateAndGet(slowInFlight.incrementAndGet(), Math::max);
            request.body().onSuccess(body -> held.add(request));
        });
        int port = counting.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS).actualPort();
        CallbackSender bounded = new CallbackSender(vertx, new CallbackSender.Options(Duration.ofSeconds(30), 2), CLOCK);
        try {
            URI slow = URI.create("http://slow.example:" + port + "/slow");
            List<CompletableFuture<DeliveryResult>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(bounded.send(slow, List.of(loopback), Map.of(), BODY).toCompletableFuture());
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 2);
            // The same server under another host name has its own bound: answered while the slow host's are held.
            DeliveryResult other = await(bounded.send(URI.create("http://fast.example:" + port + "/fast"),
                    List.of(loopback), Map.of(), BODY));
            assertTrue(other.success(), other::detail);
            org.awaitility.Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> held.size() == 2 && slowInFlight.get() == 2);
            assertEquals(2, bounded.inFlight("slow.example", port));

            // Answered two at a time, the other four follow, never more than two at once.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (io.vertx.core.http.HttpServerRequest request : held) {
                    held.remove(request);
                    slowInFlight.decrementAndGet();
                    slowServed.incrementAndGet();
                    request.response().setStatusCode(200).end();
                }
                return slowServed.get() == 6;
            });
            for (CompletableFuture<DeliveryResult> call : calls) {
                assertTrue(call.get(10, TimeUnit.SECONDS).success());
            }
            assertEquals(2, mostSlowInFlight.get(), "most calls in flight to the slow host");
            assertEquals(0, bounded.inFlight("slow.example", port));
        } finally {
            bounded.close();
            counting.close();
        }
    }
}
