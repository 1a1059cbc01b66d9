package io.switchboard.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;

/** The one outgoing HTTP client: it connects to the addresses the guard checked, whatever DNS says later. */
class OutboundClientTest {

    private static final String NAME = "vendor.only-the-guard-knows.test";

    private Vertx vertx;
    private WireMockServer server;
    private final AtomicInteger lookups = new AtomicInteger();
    private TargetGuard guard;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        guard = new TargetGuard(true, host -> {
            lookups.incrementAndGet();
            if (!host.equals(NAME)) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        });
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private OutboundClient client(long maxBody, OutboundClient.BodyMode mode) {
        return new OutboundClient(vertx, new OutboundClient.Options(Duration.ofSeconds(5), 4, false, maxBody, mode));
    }

    private static OutboundClient.Answer answer(OutboundClient client, OutboundClient.Request request)
            throws Exception {
        return client.send(request).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCallGoesToTheCheckedAddressWithTheUrlsHostHeaderAndNoSecondLookup() throws Exception {
        server.stubFor(get(urlEqualTo("/items?page=2")).willReturn(aResponse().withStatus(200).withBody("[1]")));
        ResolvedTarget target = guard.resolve("test URL", "http://" + NAME + ":" + server.port() + "/items?page=2");
        try (OutboundClient client = client(1000, OutboundClient.BodyMode.WHOLE)) {
            OutboundClient.Answer answer = answer(client, OutboundClient.Request.to(HttpMethod.GET, target,
                    Map.of("Accept", "application/json"), null, Duration.ofSeconds(5)));

            assertEquals(200, answer.status());
            assertArrayEquals("[1]".getBytes(StandardCharsets.UTF_8), answer.body());
        }
        assertEquals(1, lookups.get(), "the name is looked up once, by the guard; the client never asks DNS");
        server.verify(getRequestedFor(urlEqualTo("/items?page=2"))
                .withHeader("Host", com.github.tomakehurst.wiremock.client.WireMock.equalTo(NAME + ":"
                        + server.port())));
    }

    @Test
    void theNextCheckedAddressIsTriedWhenConnectingToOneFails() throws Exception {
        server.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(204)));
        // Nothing listens on 127.0.0.2 at the server's port: that connection is refused.
        List<InetAddress> addresses = List.of(InetAddress.getByAddress(new byte[] {127, 0, 0, 2}),
                InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        try (OutboundClient client = client(1000, OutboundClient.BodyMode.WHOLE)) {
            OutboundClient.Answer answer = answer(client, new OutboundClient.Request(HttpMethod.GET,
                    java.net.URI.create("http://" + NAME + ":" + server.port() + "/"), addresses, Map.of(), null,
                    Duration.ofSeconds(5)));

            assertEquals(204, answer.status());
        }
    }

    @Test
    void aWholeBodyLargerThanTheLimitFailsAndAPrefixIsCut() throws Exception {
        server.stubFor(get(urlEqualTo("/big")).willReturn(aResponse().withStatus(200).withBody("x".repeat(5000))));
        ResolvedTarget target = guard.resolve("test URL", "http://" + NAME + ":" + server.port() + "/big");
        OutboundClient.Request request = OutboundClient.Request.to(HttpMethod.GET, target, Map.of(), null,
                Duration.ofSeconds(5));
        try (OutboundClient whole = client(100, OutboundClient.BodyMode.WHOLE);
                OutboundClient prefix = client(100, OutboundClient.BodyMode.PREFIX)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> whole.send(request).get(10, TimeUnit.SECONDS));
            assertEquals(OutboundFailure.Kind.TOO_LARGE, assertInstanceOf(OutboundFailure.class, e.getCause()).kind());

            OutboundClient.Answer answer = answer(prefix, request);
            assertEquals(200, answer.status());
            assertEquals(100, answer.body().length);
        }
    }

    @Test
    void aSlowAnswerTimesOut() throws Exception {
        server.stubFor(get(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        ResolvedTarget target = guard.resolve("test URL", "http://" + NAME + ":" + server.port() + "/slow");
        try (OutboundClient client = client(100, OutboundClient.BodyMode.WHOLE)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> client.send(OutboundClient.Request
                    .to(HttpMethod.GET, target, Map.of(), null, Duration.ofMillis(200))).get(10, TimeUnit.SECONDS));
            OutboundFailure failure = assertInstanceOf(OutboundFailure.class, e.getCause());
            assertEquals(OutboundFailure.Kind.TIMEOUT, failure.kind());
            assertEquals("no answer within 200 ms", failure.getMessage());
        }
    }
}
