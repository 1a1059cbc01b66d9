package io.switchboard.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.CallbackReceiver;
import io.switchboard.InjectCallbackReceiver;
import io.switchboard.TestDb;
import io.switchboard.TestTenant;

/** Retries, stops, the failure policy and signing, against WireMock callbacks (test schedule 200ms,400ms,800ms). */
@QuarkusTest
class DeliveryBehaviourTest {

    @InjectCallbackReceiver
    CallbackReceiver callbacks;

    static TestTenant tenant;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void tenant() {
        tenant = TestTenant.of(getClass());
    }

    static long instance(TestTenant owner, String callbackUrl, String extra) {
        Map<String, Object> created = owner.createInstance("""
                {"element": {"key": "webhook"}, "name": "d",
                 "configuration": {"event.notification.enabled": "true",
                                   "event.notification.callback.url": "%s"%s}}"""
                .formatted(callbackUrl, extra));
        return ((Number) created.get("id")).longValue();
    }

    static void send(long instanceId, String body) {
        given().contentType(ContentType.JSON).body(body).post(TestTenant.BASE + "/events/webhook/" + instanceId)
                .then().statusCode(200);
    }

    List<String> delivery(long instanceId) {
        List<List<String>> rows = TestDb.rows(dataSource,
                "SELECT status, attempts, last_status_code FROM delivery WHERE instance_id = ? ORDER BY id", instanceId);
        return rows.isEmpty() ? List.of() : rows.get(rows.size() - 1);
    }

    @Test
    void callbackFailingTwiceThenSucceedingIsDeliveredOnTheThirdAttempt() {
        String path = "/callback/" + UUID.randomUUID();
        String scenario = "flaky-" + path;
        callbacks.server().stubFor(post(urlPathEqualTo(path)).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500).withBody("down"))
                .willSetStateTo("second"));
        callbacks.server().stubFor(post(urlPathEqualTo(path)).inScenario(scenario)
                .whenScenarioStateIs("second").willReturn(aResponse().withStatus(503)).willSetStateTo("third"));
        callbacks.server().stubFor(post(urlPathEqualTo(path)).inScenario(scenario)
                .whenScenarioStateIs("third").willReturn(aResponse().withStatus(200)));
        long id = instance(tenant, callbacks.url(path), "");
        send(id, "{\"id\": \"r1\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(delivery(id).get(0)));
        assertEquals(List.of("DELIVERED", "3", "200"), delivery(id));
        List<List<String>> attempts = TestDb.rows(dataSource, """
                SELECT a.attempt, a.status_code, a.error FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
                WHERE d.instance_id = ? ORDER BY a.attempt""", id);
        // The failed attempts are kept with their errors; the successful third is the delivery row itself.
        assertEquals(2, attempts.size());
        assertEquals("500", attempts.get(0).get(1));
        assertTrue(attempts.get(0).get(2).contains("down"), "the error keeps the receiver's answer");
        assertEquals("503", attempts.get(1).get(1));
        // All three attempts carried the same notification id, so the app can drop duplicates.
        List<LoggedRequest> received = callbacks.received(path);
        assertEquals(1, received.stream().map(r -> r.getHeader("Elements-Webhook-Id")).distinct().count());
    }

    @Test
    void aNulInTheCallbacksAnswerIsRecordedWithoutIt() {
        String path = "/callback/" + UUID.randomUUID();
        String scenario = "nul-" + path;
        callbacks.server().stubFor(post(urlPathEqualTo(path)).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503).withBody("busy\0now"))
                .willSetStateTo("second"));
        callbacks.server().stubFor(post(urlPathEqualTo(path)).inScenario(scenario)
                .whenScenarioStateIs("second").willReturn(aResponse().withStatus(200)));
        long id = instance(tenant, callbacks.url(path), "");
        send(id, "{\"id\": \"n1\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(delivery(id).get(0)));
        assertEquals(List.of("DELIVERED", "2", "200"), delivery(id));
        String error = TestDb.value(dataSource, """
                SELECT a.error FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
                WHERE d.instance_id = ?""", id);
        assertTrue(error.contains("busy\uFFFDnow"), error);
    }

    @Test
    void goneStopsAtOnce() throws Exception {
        String path = "/callback/" + UUID.randomUUID();
        callbacks.server().stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(410)));
        long id = instance(tenant, callbacks.url(path), "");
        send(id, "{\"id\": \"g1\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(delivery(id).get(0)));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> delivery(id)
                .equals(List.of("FAILED", "1", "410")) && callbacks.received(path).size() == 1);
    }

    @Test
    void redirectsAreNotFollowedAndExhaustedRetriesFail() {
        String path = "/callback/" + UUID.randomUUID();
        String elsewhere = callbacks.newCallback();
        callbacks.server().stubFor(post(urlPathEqualTo(path))
                .willReturn(aResponse().withStatus(302).withHeader("Location", callbacks.url(elsewhere))));
        long id = instance(tenant, callbacks.url(path), "");
        send(id, "{\"id\": \"x1\"}");
        // 1 + len(schedule) attempts: the test schedule has 3 delays.
        await().atMost(Duration.ofSeconds(15)).until(() -> "FAILED".equals(delivery(id).get(0)));
        assertEquals(List.of("FAILED", "4", "302"), delivery(id));
        assertEquals(0, callbacks.received(elsewhere).size());
    }

    @Test
    void queuePolicyPausesTheUrlAndQueuesNewDeliveries() {
        TestTenant owner = TestTenant.create();
        given().auth().oauth2(TestTenant.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"notification.webhook.failure.policy\": \"queue\"}")
                .patch("/admin/organizations/" + owner.organizationId()).then().statusCode(200);
        String path = "/callback/" + UUID.randomUUID();
        callbacks.server().stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(500)));
        long id = instance(owner, callbacks.url(path), "");
        send(id, "{\"id\": \"q1\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> "QUEUED".equals(delivery(id).get(0)));
        assertEquals(4, callbacks.received(path).size());
        send(id, "{\"id\": \"q2\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> TestDb.rows(dataSource,
                "SELECT id FROM delivery WHERE instance_id = ?", id).size() == 2);
        assertEquals(java.util.Arrays.asList("QUEUED", "0", null), delivery(id), "a new delivery to a paused URL waits, unsent");
        assertEquals(4, callbacks.received(path).size());
    }

    @Test
    void signaturesAreOverTheExactBodyBytes() throws Exception {
        String path = callbacks.newCallback();
        long id = instance(tenant, callbacks.url(path), ", \"event.notification.signature.key\": \"s3cret\"");
        send(id, "{\"id\": \"sig\", \"text\": \"grüße\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(path).size() == 1);
        LoggedRequest request = callbacks.received(path).get(0);
        byte[] body = request.getBody();
        assertEquals("sha256=" + base64Hmac("s3cret".getBytes(StandardCharsets.UTF_8), body),
                request.getHeader("Elements-Webhook-Signature"));
        assertTrue(request.getHeader("Elements-Webhook-Id").startsWith("ntf_"));
        assertEquals("grüße", CallbackReceiver.json(request).path("message").path("raw").path("text").asText());
    }

    @Test
    void standardWebhooksHeadersForWhsecKeys() throws Exception {
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        String key = "whsec_" + Base64.getEncoder().encodeToString(secret);
        String path = callbacks.newCallback();
        long id = instance(tenant, callbacks.url(path), ", \"event.notification.signature.key\": \"" + key + "\"");
        send(id, "{\"id\": \"std\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(path).size() == 1);
        LoggedRequest request = callbacks.received(path).get(0);
        String webhookId = request.getHeader("webhook-id");
        String timestamp = request.getHeader("webhook-timestamp");
        String signed = webhookId + "." + timestamp + "." + request.getBodyAsString();
        assertEquals("v1," + base64Hmac(secret, signed.getBytes(StandardCharsets.UTF_8)),
                request.getHeader("webhook-signature"));
        assertEquals("sha256=" + base64Hmac(key.getBytes(StandardCharsets.UTF_8), request.getBody()),
                request.getHeader("Elements-Webhook-Signature"), "keyed with the configured string as given");
    }

    @Test
    void deletingTheInstanceCancelsItsPendingDeliveries() {
        String path = "/callback/" + UUID.randomUUID();
        callbacks.server().stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(500)));
        long id = instance(tenant, callbacks.url(path), "");
        send(id, "{\"id\": \"c1\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(path).size() >= 1);
        tenant.platform().delete(TestTenant.BASE + "/instances/" + id).then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> "CANCELLED".equals(delivery(id).get(0)));
    }

    @Test
    void newCallbackUrlGetsTheNextNotification() {
        String first = callbacks.newCallback();
        String second = callbacks.newCallback();
        long id = instance(tenant, callbacks.url(first), "");
        send(id, "{\"id\": \"n1\"}");
        tenant.platform().body("{\"configuration\": {\"event.notification.callback.url\": \""
                + callbacks.url(second) + "\"}}").patch(TestTenant.BASE + "/instances/" + id)
                .then().statusCode(200);
        send(id, "{\"id\": \"n2\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(second).size() == 1);
        assertEquals("n2", CallbackReceiver.json(callbacks.received(second).get(0))
                .path("message").path("raw").path("id").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(first).size() == 1);
    }

    /**
     * A retry is rendered from the stored notification (not from what ingest had in hand): it carries the instance's
     * name and tags as they are when it is sent, here after a rename between the attempts.
     */
    @Test
    void aRetryShowsTheInstancesNameAndTagsAsTheyAreThen() {
        String path = "/callback/" + UUID.randomUUID();
        String scenario = "renamed-" + path;
        callbacks.server().stubFor(post(urlPathEqualTo(path)).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2")).willSetStateTo("second"));
        callbacks.server().stubFor(post(urlPathEqualTo(path)).inScenario(scenario)
                .whenScenarioStateIs("second").willReturn(aResponse().withStatus(200)));
        long id = instance(tenant, callbacks.url(path), "");
        send(id, "{\"id\": \"t1\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(path).size() == 1);
        com.fasterxml.jackson.databind.JsonNode first = CallbackReceiver.json(callbacks.received(path).get(0))
                .path("message");
        assertEquals("d", first.path("instanceName").asText());
        assertEquals("[\"d\"]", first.path("instanceTags").toString());
        tenant.platform().body("{\"name\": \"renamed\", \"tags\": [\"red\", \"blue\"]}")
                .patch(TestTenant.BASE + "/instances/" + id).then().statusCode(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(delivery(id).get(0)));
        com.fasterxml.jackson.databind.JsonNode retry = CallbackReceiver.json(callbacks.received(path).get(1))
                .path("message");
        assertEquals("renamed", retry.path("instanceName").asText());
        assertEquals("[\"red\",\"blue\"]", retry.path("instanceTags").toString());
        assertEquals(first.path("eventId").asText(), retry.path("eventId").asText());
    }

    static String base64Hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data));
    }
}
