package io.switchboard.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.CallbackReceiver;
import io.switchboard.InjectCallbackReceiver;
import io.switchboard.TestDb;
import io.switchboard.TestTenant;
import io.switchboard.api.BodyBudget;

@QuarkusTest
class WebhookIngestTest {

    @InjectCallbackReceiver
    CallbackReceiver callbacks;

    static final String EVENTS = TestTenant.BASE + "/events/webhook";
    static TestTenant tenant;

    @Inject
    DataSource dataSource;
    @Inject
    BodyBudget budget;

    @BeforeEach
    void tenant() {
        tenant = TestTenant.of(getClass());
    }

    long instance(String callback, String extra) {
        Map<String, Object> created = tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "w",
                 "configuration": {"event.notification.enabled": "true",
                                   "event.notification.callback.url": "%s"%s}}"""
                .formatted(callbacks.url(callback), extra));
        return ((Number) created.get("id")).longValue();
    }

    long receipts(long instanceId, String status) {
        return Long.parseLong(TestDb.value(dataSource,
                "SELECT count(*) FROM receipt WHERE instance_id = ? AND status = ?", instanceId, status));
    }

    /** Bodies in flight fill the node's budget: the next webhook is a 503 with Retry-After, nothing stored. */
    @Test
    void aWebhookThatDoesNotFitTheBodyBudgetIsAnswered503AndNotStored() {
        long id = instance(callbacks.newCallback(), "");
        try (BodyBudget.Permit others = budget.admit(budget.budget())) {
            given().contentType(ContentType.JSON).body("{\"id\": \"late\"}").post(EVENTS + "/" + id)
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "1")
                    .body("detail", containsString(BodyBudget.KEY));
        }
        assertEquals(0, receipts(id, "RECEIVED"));
        given().contentType(ContentType.JSON).body("{\"id\": \"late\"}").post(EVENTS + "/" + id)
                .then().statusCode(200);
        assertEquals(1, receipts(id, "RECEIVED"));
        // the share comes back when the server has ended the response, which the client may see first
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.inFlight() == 0);
    }

    @Test
    void instanceByIdAndByBase64InEveryAlphabet() {
        long id = instance(callbacks.newCallback(), "");
        byte[] digits = Long.toString(id).getBytes(StandardCharsets.US_ASCII);
        String standard = Base64.getEncoder().encodeToString(digits);
        String urlSafeNoPadding = Base64.getUrlEncoder().withoutPadding().encodeToString(digits);
        for (String reference : new String[] { Long.toString(id), standard, urlSafeNoPadding }) {
            given().contentType(ContentType.JSON).body("{\"id\": \"a\"}").post(EVENTS + "/" + reference)
                    .then().statusCode(200).body("id", startsWith("rcp_"));
        }
        assertEquals(3, receipts(id, "RECEIVED"));
        given().contentType(ContentType.JSON).body("{}").post(EVENTS + "/bm90LWFuLWlk").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{}").post(TestTenant.BASE + "/events/stripe/" + id)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void elementInstancesHeaderGivesEachListedInstanceTheReceipt() {
        long first = instance(callbacks.newCallback(), "");
        long second = instance(callbacks.newCallback(), "");
        given().contentType(ContentType.JSON).header("Element-Instances", first + "," + second)
                .body("{\"id\": \"x\"}").post(EVENTS)
                .then().statusCode(200).body("receipts", hasSize(2))
                .body("receipts[0].instanceId", equalTo((int) first))
                .body("receipts[1].instanceId", equalTo((int) second));
        assertEquals(1, receipts(first, "RECEIVED"));
        assertEquals(1, receipts(second, "RECEIVED"));
    }

    @Test
    void instanceFinderRoutesByABodyValue() {
        String account = "acct-" + System.nanoTime();
        String callback = callbacks.newCallback();
        long id = instance(callback, """
                , "my.account": "%s", "event.notification.instance.finder": "my.account|account.id\"""".formatted(account));
        instance(callbacks.newCallback(), """
                , "my.account": "other", "event.notification.instance.finder": "my.account|account.id\"""");
        given().contentType(ContentType.JSON).body("{\"id\": \"o1\", \"account\": {\"id\": \"" + account + "\"}}")
                .post(EVENTS).then().statusCode(200).body("events", equalTo(1));
        assertEquals(1, receipts(id, "RECEIVED"));
        given().contentType(ContentType.JSON).body("{\"account\": {\"id\": \"nobody\"}}").post(EVENTS)
                .then().statusCode(404).body("detail", containsString("instance.finder"));
    }

    @Test
    void duplicateVendorDeliveryIsAnsweredWithTheOriginalAndCreatesNothing() {
        String callback = callbacks.newCallback();
        long id = instance(callback, "");
        String original = given().contentType(ContentType.JSON).header("webhook-id", "msg_42").body("{\"id\": \"a\"}")
                .post(EVENTS + "/" + id).then().statusCode(200).extract().path("id");
        given().contentType(ContentType.JSON).header("webhook-id", "msg_42").body("{\"id\": \"a\"}")
                .post(EVENTS + "/" + id).then().statusCode(200)
                .body("id", equalTo(original)).body("duplicate", equalTo(true))
                .body("events", equalTo(0)).body("notifications", equalTo(0));
        given().contentType(ContentType.JSON).header("Idempotency-Key", "msg_42b").body("{\"id\": \"b\"}")
                .post(EVENTS + "/" + id).then().statusCode(200).body("duplicate", org.hamcrest.Matchers.nullValue());
        assertEquals(1, receipts(id, "DUPLICATE"));
        assertEquals("1", TestDb.value(dataSource, """
                SELECT count(*) FROM event e JOIN receipt r ON r.id = e.receipt_id
                WHERE r.instance_id = ? AND r.vendor_delivery_id = 'msg_42'""", id));
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(callback).size() == 2);
    }

    @Test
    void badJsonIs400AndLoggedRejected() {
        String callback = callbacks.newCallback();
        long id = instance(callback, "");
        given().contentType(ContentType.JSON).body("{\"id\": ").post(EVENTS + "/" + id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"))
                .body("receiptId", startsWith("rcp_"));
        assertEquals(1, receipts(id, "REJECTED"));
        assertEquals("{\"id\": ", TestDb.value(dataSource,
                "SELECT body FROM receipt WHERE instance_id = ? AND status = 'REJECTED'", id));
        given().contentType("application/pdf").body("%PDF".getBytes(StandardCharsets.US_ASCII)).post(EVENTS + "/" + id).then().statusCode(415);
        assertEquals(0, callbacks.received(callback).size());
    }

    @Test
    void nulCharactersAreRefusedInTheBodyAndKeptOutOfTheDatabaseElsewhere() {
        String callback = callbacks.newCallback();
        long id = instance(callback, "");
        // A raw NUL byte cannot be stored: a 400 saying where it is, and the refusal is logged like any other.
        given().contentType("text/plain").body("abc".getBytes(StandardCharsets.UTF_8)).post(EVENTS + "/" + id)
                .then().statusCode(415);
        given().contentType(ContentType.JSON).body("{\"id\": \"a\0b\"}".getBytes(StandardCharsets.UTF_8))
                .post(EVENTS + "/" + id).then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("NUL character (U+0000) at byte 9"))
                .body("receiptId", startsWith("rcp_"));
        assertEquals(2, receipts(id, "REJECTED"));
        // Escaped in JSON it is valid: the body is stored as sent, the values taken from it without the NUL.
        String body = "{\"id\": \"a\\u0000b\"}";
        given().contentType(ContentType.JSON).header("webhook-id", "d\u0000up").body(body).post(EVENTS + "/" + id)
                .then().statusCode(200).body("events", equalTo(1));
        assertEquals("a\uFFFDb", TestDb.value(dataSource, """
                SELECT e.object_id FROM event e JOIN receipt r ON r.id = e.receipt_id
                WHERE r.instance_id = ? AND r.status = 'RECEIVED'""", id));
        assertEquals(body, TestDb.value(dataSource,
                "SELECT body FROM receipt WHERE instance_id = ? AND status = 'RECEIVED'", id));
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(callback).size() == 1);
        assertEquals("a\u0000b", CallbackReceiver.json(callbacks.received(callback).get(0))
                .path("message").path("raw").path("id").asText(), "the callback carries the raw body as sent");
    }

    @Test
    void nonAsciiTextIsStoredAndDeliveredAsSent() {
        String callback = callbacks.newCallback();
        long id = instance(callback, "");
        String body = "{\"id\": \"\u00fc-\ud83d\ude00\", \"name\": \"Zo\u00eb \u65e5\u672c\"}";
        given().contentType("application/json; charset=utf-8").body(body.getBytes(StandardCharsets.UTF_8))
                .post(EVENTS + "/" + id).then().statusCode(200);
        assertEquals(body, TestDb.value(dataSource, "SELECT body FROM receipt WHERE instance_id = ?", id));
        assertEquals("\u00fc-\ud83d\ude00", TestDb.value(dataSource,
                "SELECT e.object_id FROM event e JOIN receipt r ON r.id = e.receipt_id WHERE r.instance_id = ?", id));
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(callback).size() == 1);
        var message = CallbackReceiver.json(callbacks.received(callback).get(0)).path("message");
        assertEquals("Zo\u00eb \u65e5\u672c", message.path("raw").path("name").asText());
        assertEquals("\u00fc-\ud83d\ude00", message.path("events").get(0).path("objectId").asText());
    }

    @Test
    void formAndXmlBodies() {
        String callback = callbacks.newCallback();
        long id = instance(callback, ", \"webhook.object.type\": \"orders\"");
        given().contentType("application/x-www-form-urlencoded").body("id=F1&status=paid")
                .post(EVENTS + "/" + id).then().statusCode(200).body("events", equalTo(1));
        given().contentType("text/xml").body("<order><id>9</id></order>")
                .post(EVENTS + "/" + id).then().statusCode(200).body("events", equalTo(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(callback).size() == 2);
        var messages = callbacks.received(callback).stream()
                .map(r -> CallbackReceiver.json(r).path("message")).toList();
        var form = messages.stream().filter(m -> m.path("raw").isObject()).findFirst().orElseThrow();
        assertEquals("F1", form.path("events").get(0).path("objectId").asText());
        assertEquals("paid", form.path("raw").path("status").asText());
        var xml = messages.stream().filter(m -> m.path("raw").isTextual()).findFirst().orElseThrow();
        assertEquals("<order><id>9</id></order>", xml.path("raw").asText());
        assertEquals("orders", xml.path("events").get(0).path("objectType").asText());
        assertEquals("UNKNOWN", xml.path("events").get(0).path("eventType").asText());
    }

    @Test
    void disabledInstanceAnswers410AndEventsOffAnswers202StoringNothing() {
        long id = instance(callbacks.newCallback(), "");
        tenant.platform().delete(TestTenant.BASE + "/instances/" + id + "/enabled").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{}").post(EVENTS + "/" + id).then().statusCode(410)
                .contentType("application/problem+json");
        tenant.platform().put(TestTenant.BASE + "/instances/" + id + "/enabled").then().statusCode(200);
        tenant.platform().body("{\"configuration\": {\"event.notification.enabled\": \"false\"}}")
                .patch(TestTenant.BASE + "/instances/" + id).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{}").post(EVENTS + "/" + id).then().statusCode(202)
                .body("ignored", equalTo(true)).body("reason", containsString("event.notification.enabled"));
        assertEquals("0", TestDb.value(dataSource, "SELECT count(*) FROM receipt WHERE instance_id = ?", id));
    }

    @Test
    void deletedInstanceWebhookUrlIs404() {
        long id = instance(callbacks.newCallback(), "");
        tenant.platform().delete(TestTenant.BASE + "/instances/" + id).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{}").post(EVENTS + "/" + id).then().statusCode(404);
    }

    @Test
    void handshakeEchoesTheChallenge() {
        long id = instance(callbacks.newCallback(), "");
        given().queryParam("challenge", "abc123").get(EVENTS + "/" + id).then().statusCode(200)
                .contentType(containsString("text/plain")).body(equalTo("abc123"));
        given().queryParam("hub.challenge", "xyz").get(EVENTS + "/" + id).then().statusCode(200).body(equalTo("xyz"));
        given().get(EVENTS + "/" + id).then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void signedGenericWebhookNeedsTheRightSignature() throws Exception {
        long id = instance(callbacks.newCallback(), ", \"webhook.signature.key\": \"k3y\"");
        byte[] body = "{\"id\": \"s1\"}".getBytes(StandardCharsets.UTF_8);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("k3y".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
        given().contentType(ContentType.JSON).body(body).post(EVENTS + "/" + id).then().statusCode(401);
        given().contentType(ContentType.JSON).header("X-Signature", signature).body(body).post(EVENTS + "/" + id)
                .then().statusCode(200);
        assertEquals(1, receipts(id, "REJECTED"));
    }
}
