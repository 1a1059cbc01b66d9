package io.switchboard.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.switchboard.CallbackReceiver;
import io.switchboard.InjectCallbackReceiver;
import io.switchboard.TestTenant;

/**
 * Each vendor element end to end: the vendor's documented payload with its real signature scheme is accepted
 * and normalized; the same payload with one byte changed is refused with 401 and logged REJECTED.
 */
@QuarkusTest
class VendorWebhooksTest {

    @InjectCallbackReceiver
    CallbackReceiver callbacks;

    static TestTenant tenant;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void tenant() {
        tenant = TestTenant.of(getClass());
    }

    record Vendor(long instanceId, String callback) {
        String url() {
            return TestTenant.BASE + "/events/" + "%s/" + instanceId;
        }
    }

    Vendor instance(String element, String secretKey, String secret) {
        return instance(element, secretKey, secret, "");
    }

    Vendor instance(String element, String secretKey, String secret, String extraConfig) {
        String callback = callbacks.newCallback();
        Map<String, Object> created = tenant.createInstance("""
                {"element": {"key": "%s"}, "name": "%s",
                 "configuration": {"event.notification.enabled": "true", "%s": "%s",
                                   "event.notification.callback.url": "%s"%s}}"""
                .formatted(element, element, secretKey, secret, callbacks.url(callback), extraConfig));
        return new Vendor(((Number) created.get("id")).longValue(), callback);
    }

    static byte[] fixture(String path) throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/fixtures", path));
    }

    static byte[] hmac(String algorithm, String key, byte[]... parts) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    static byte[] tampered(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int digit = text.indexOf('1');
        return (text.substring(0, digit) + "2" + text.substring(digit + 1)).getBytes(StandardCharsets.UTF_8);
    }

    JsonNode firstEvent(Vendor vendor) {
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(vendor.callback()).size() == 1);
        return CallbackReceiver.json(callbacks.received(vendor.callback()).get(0)).path("message");
    }

    String lastStatus(long instanceId) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT status, reason FROM receipt WHERE instance_id = ? ORDER BY received_at DESC LIMIT 1")) {
            select.setLong(1, instanceId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) + ": " + rs.getString(2) : "none";
            }
        }
    }

    @Test
    void stripe() throws Exception {
        Vendor stripe = instance("stripe", "stripe.webhook.secret", "whsec_test_stripe");
        byte[] body = fixture("stripe/customer.created.json");
        long t = System.currentTimeMillis() / 1000;
        RequestSpecification signed = given().contentType(ContentType.JSON).header("Stripe-Signature",
                "t=" + t + ",v1=" + HexFormat.of().formatHex(hmac("HmacSHA256", "whsec_test_stripe",
                        (t + ".").getBytes(StandardCharsets.UTF_8), body)));
        signed.body(tampered(body)).post(stripe.url().formatted("stripe")).then().statusCode(401)
                .body("receiptId", org.hamcrest.Matchers.startsWith("rcp_"));
        assertEquals("REJECTED", lastStatus(stripe.instanceId()).split(":")[0]);

        signed.body(body).post(stripe.url().formatted("stripe")).then().statusCode(200).body("events", equalTo(1));
        JsonNode message = firstEvent(stripe);
        JsonNode event = message.path("events").get(0);
        assertEquals("customer", event.path("objectType").asText());
        assertEquals("CREATED", event.path("eventType").asText());
        assertEquals(new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("data").path("object")
                .path("id").asText(), event.path("objectId").asText());
        // A replay of the same Stripe event id is a duplicate.
        signed.body(body).post(stripe.url().formatted("stripe")).then().statusCode(200)
                .body("duplicate", equalTo(true)).body("events", equalTo(0));
    }

    @Test
    void github() throws Exception {
        Vendor github = instance("github", "github.webhook.secret", "gh-secret");
        byte[] body = fixture("github/issues.opened.json");
        String signature = "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", "gh-secret", body));
        RequestSpecification request = given().contentType(ContentType.JSON)
                .header("X-GitHub-Event", "issues").header("X-GitHub-Delivery", "d-" + System.nanoTime())
                .header("X-Hub-Signature-256", signature);
        request.body(tampered(body)).post(github.url().formatted("github")).then().statusCode(401);
        request.body(body).post(github.url().formatted("github")).then().statusCode(200);
        JsonNode event = firstEvent(github).path("events").get(0);
        assertEquals("issues", event.path("objectType").asText());
        assertEquals("CREATED", event.path("eventType").asText());
        given().contentType(ContentType.JSON).header("X-GitHub-Event", "issues").body(body)
                .post(github.url().formatted("github")).then().statusCode(401)
                .body("detail", containsString("signature"));
    }

    @Test
    void shopify() throws Exception {
        Vendor shopify = instance("shopify", "shopify.webhook.secret", "shpss_secret");
        byte[] body = fixture("shopify/orders.create.json");
        String signature = Base64.getEncoder().encodeToString(hmac("HmacSHA256", "shpss_secret", body));
        RequestSpecification request = given().contentType(ContentType.JSON)
                .header("X-Shopify-Topic", "orders/create").header("X-Shopify-Hmac-Sha256", signature)
                .header("X-Shopify-Webhook-Id", "w-" + System.nanoTime());
        request.body(tampered(body)).post(shopify.url().formatted("shopify")).then().statusCode(401);
        request.body(body).post(shopify.url().formatted("shopify")).then().statusCode(200);
        JsonNode event = firstEvent(shopify).path("events").get(0);
        assertEquals("orders", event.path("objectType").asText());
        assertEquals("CREATED", event.path("eventType").asText());
    }

    @Test
    void hubspot() throws Exception {
        Vendor hubspot = instance("hubspot", "hubspot.client.secret", "hs-secret");
        byte[] body = fixture("hubspot/events.json");
        String timestamp = Long.toString(System.currentTimeMillis());
        // HubSpot signs the URL it called: the hub's public URL (in tests http://localhost:<port>) + path.
        String url = io.restassured.RestAssured.baseURI.replace("127.0.0.1", "localhost") + ":"
                + io.restassured.RestAssured.port + hubspot.url().formatted("hubspot");
        String signature = Base64.getEncoder().encodeToString(hmac("HmacSHA256", "hs-secret",
                ("POST" + url).getBytes(StandardCharsets.UTF_8), body, timestamp.getBytes(StandardCharsets.UTF_8)));
        RequestSpecification request = given().contentType(ContentType.JSON)
                .header("X-HubSpot-Signature-v3", signature).header("X-HubSpot-Request-Timestamp", timestamp);
        request.body(tampered(body)).post(hubspot.url().formatted("hubspot")).then().statusCode(401);
        request.body(body).post(hubspot.url().formatted("hubspot")).then().statusCode(200);
        JsonNode events = firstEvent(hubspot).path("events");
        assertEquals(3, events.size(), "one event per entry of HubSpot's array");
        assertEquals("UPDATED", events.get(0).path("eventType").asText());
        assertEquals("contact", events.get(1).path("objectType").asText());
        assertEquals("CREATED", events.get(1).path("eventType").asText());
        assertEquals("1246978", events.get(1).path("objectId").asText());
        assertEquals("DELETED", events.get(2).path("eventType").asText());
    }

    @Test
    void twilioStatusCallbackVerifiedOverThePublicUrlAndSortedParameters() throws Exception {
        Vendor twilio = instance("twilio", "twilio.auth.token", "twilio-token", ", \"twilio.account.sid\": \"AC1\"");
        String form = new String(fixture("twilio/status-callback.form"), StandardCharsets.UTF_8).trim();
        String url = io.restassured.RestAssured.baseURI.replace("127.0.0.1", "localhost") + ":"
                + io.restassured.RestAssured.port + twilio.url().formatted("twilio");
        java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            sorted.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
        StringBuilder signed = new StringBuilder(url);
        sorted.forEach((k, v) -> signed.append(k).append(v));
        String signature = Base64.getEncoder().encodeToString(hmac("HmacSHA1", "twilio-token",
                signed.toString().getBytes(StandardCharsets.UTF_8)));
        given().contentType("application/x-www-form-urlencoded").header("X-Twilio-Signature", "AAAA" + signature.substring(4))
                .body(form).post(twilio.url().formatted("twilio")).then().statusCode(401);
        given().contentType("application/x-www-form-urlencoded").header("X-Twilio-Signature", signature)
                .body(form).post(twilio.url().formatted("twilio")).then().statusCode(200);
        JsonNode message = firstEvent(twilio);
        assertEquals("messages", message.path("events").get(0).path("objectType").asText());
        assertEquals("UPDATED", message.path("events").get(0).path("eventType").asText());
        assertEquals(sorted.get("MessageSid"), message.path("raw").path("MessageSid").asText(),
                "form bodies arrive as an object of strings");
    }
}
