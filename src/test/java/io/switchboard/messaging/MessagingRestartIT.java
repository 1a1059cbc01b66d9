package io.switchboard.messaging;

import static org.awaitility.Awaitility.await;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.switchboard.HubProcess;

/**
 * Async messages survive the hub: the packaged hub accepts two messages while Twilio is down (one already
 * retried, one never tried because this node's message workers are off), is killed with SIGKILL, and after a
 * restart on the same data dir, with Twilio up, both are sent and their state is Twilio's.
 */
class MessagingRestartIT {

    private static final String AUTH = "User msg-user, Organization msg-org";
    private static final String MESSAGES = "/elements/api-v2/hubs/messaging/messages";
    private static final String ACCOUNT = "ACrestart";
    private static final String TWILIO_PATH = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";

    @TempDir
    Path work;

    static Map<String, String> properties(boolean workers) {
        return Map.of(
                "switchboard.delivery.allow-private-targets", "true",
                "switchboard.delivery.retry-schedule", String.join(",", Collections.nCopies(30, "500ms")),
                "switchboard.messaging.workers-enabled", String.valueOf(workers),
                "switchboard.bootstrap.organization-secret", "msg-org",
                "switchboard.bootstrap.user-secret", "msg-user",
                "switchboard.admin.key", "msg-admin");
    }

    @Test
    void acceptedMessagesAreSentAfterSigkillAndRestart() throws Exception {
        WireMockServer twilio = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        twilio.start();
        try {
            twilio.stubFor(post(urlPathEqualTo(TWILIO_PATH)).willReturn(aResponse().withStatus(503)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"code\": 20503, \"message\": \"Service Unavailable\", \"status\": 503}")));
            Path dataDir = work.resolve("data");
            int port = HubProcess.freePort();
            long instanceId;
            String retried;
            String untried;

            // 1. Workers off: a message is accepted and stored, never tried.
            try (HubProcess hub = HubProcess.start(dataDir, port, properties(false))) {
                hub.awaitReady(Duration.ofSeconds(120));
                instanceId = ((Number) given().header("Authorization", AUTH).contentType(ContentType.JSON).body("""
                        {"element": {"key": "twilio"}, "name": "restart",
                         "configuration": {"twilio.account.sid": "%s", "twilio.auth.token": "token",
                                           "twilio.base.url": "http://127.0.0.1:%d"}}"""
                        .formatted(ACCOUNT, twilio.port())).post(hub.url("/elements/api-v2/instances"))
                        .then().statusCode(200).extract().path("id")).longValue();
                untried = accept(hub, instanceId, "+14155550101");
                hub.kill();
            }
            assertEquals(0, twilio.findAll(postRequestedFor(urlPathEqualTo(TWILIO_PATH))).size());

            // 2. Workers on, Twilio down: a second message is tried and retried (so is the first); SIGKILL.
            try (HubProcess hub = HubProcess.start(dataDir, port, properties(true))) {
                hub.awaitReady(Duration.ofSeconds(120));
                retried = accept(hub, instanceId, "+14155550102");
                await("the message retried before the kill").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100)).until(() -> attempts(hub, instanceId, retried) >= 2);
                hub.kill();
            }

            // 3. Twilio up, restart: both are sent.
            twilio.resetAll();
            twilio.stubFor(post(urlPathEqualTo(TWILIO_PATH)).willReturn(aResponse().withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"sid\": \"SMrestart\", \"status\": \"queued\", "
                            + "\"date_created\": \"Sun, 22 Nov 2026 10:15:30 +0000\"}")));
            try (HubProcess hub = HubProcess.start(dataDir, port, properties(true))) {
                Duration ready = hub.awaitReady(Duration.ofSeconds(120));
                long upAt = System.nanoTime();
                await("both messages sent after the restart").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100)).until(() -> status(hub, instanceId, retried).equals("queued")
                                && status(hub, instanceId, untried).equals("queued"));
                assertEquals("queued", status(hub, instanceId, untried), "the never-tried message was sent");
                assertEquals("queued", status(hub, instanceId, retried), "the retried message was sent");
                System.out.printf("[figures] messaging restart: ready after %d ms, both accepted messages sent "
                        + "%d ms later%n", ready.toMillis(), (System.nanoTime() - upAt) / 1_000_000);
                assertEquals(2, twilio.findAll(postRequestedFor(urlPathEqualTo(TWILIO_PATH))).size(),
                        "each message reached Twilio once after the restart");
                hub.stop();
            }
        } finally {
            twilio.stop();
        }
    }

    private static String accept(HubProcess hub, long instanceId, String to) {
        return given().header("Authorization", AUTH).header("Element-Instances", instanceId)
                .header("Prefer", "respond-async").contentType(ContentType.JSON)
                .body("{\"to\": \"%s\", \"from\": \"+14155550199\", \"message\": \"Hi\"}".formatted(to))
                .post(hub.url(MESSAGES)).then().statusCode(202).extract().path("id");
    }

    private static Response get(HubProcess hub, long instanceId, String id) {
        return given().header("Authorization", AUTH).header("Element-Instances", instanceId)
                .get(hub.url(MESSAGES + "/" + id));
    }

    private static String status(HubProcess hub, long instanceId, String id) {
        return get(hub, instanceId, id).then().statusCode(200).extract().path("status");
    }

    private static int attempts(HubProcess hub, long instanceId, String id) {
        Integer attempts = get(hub, instanceId, id).then().statusCode(200).extract().path("attempts");
        return attempts == null ? 0 : attempts;
    }
}
