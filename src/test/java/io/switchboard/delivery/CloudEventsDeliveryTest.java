package io.switchboard.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.CallbackReceiver;
import io.switchboard.InjectCallbackReceiver;
import io.switchboard.TestTenant;
import io.switchboard.api.PublicUrl;

/** CloudEvents callbacks (API.md §7), read back with the CloudEvents SDK's own HTTP reader. */
@QuarkusTest
class CloudEventsDeliveryTest {

    @InjectCallbackReceiver
    CallbackReceiver callbacks;

    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "ce-signing-key";
    static TestTenant tenant;

    @Inject
    PublicUrl publicUrl;

    @BeforeEach
    void tenant() {
        tenant = TestTenant.of(getClass());
    }

    @Test
    void structuredModeCarriesTheAttributesAndTheBodyAsData() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        Received received = deliverOne("cloudevents");
        assertEquals("application/cloudevents+json", received.request.getHeader("Content-Type"));
        CloudEvent event = received.event;
        checkAttributes(event, received.instanceId, before);
        // the hub's own body, as data
        JsonNode data = JSON.readTree(event.getData().toBytes());
        assertEquals(event.getId(), data.path("message").path("eventId").asText());
        assertEquals("o1", data.path("message").path("raw").path("id").asText());
        assertEquals(event.getExtension("receiptid"), data.path("message").path("receiptId").asText());
        // structured: the JSON envelope itself, no ce- headers
        assertNull(received.request.getHeader("ce-id"));
        assertEquals("1.0", JSON.readTree(received.request.getBody()).path("specversion").asText());
    }

    @Test
    void binaryModeCarriesTheAttributesAsHeadersAndTheBodyAsItIs() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        Received received = deliverOne("cloudevents-binary");
        assertTrue(received.request.getHeader("Content-Type").startsWith("application/json"));
        assertEquals("1.0", received.request.getHeader("ce-specversion"));
        checkAttributes(received.event, received.instanceId, before);
        JsonNode body = JSON.readTree(received.request.getBody());
        assertEquals(received.event.getId(), body.path("message").path("eventId").asText());
        assertEquals(received.request.getHeader("ce-id"), body.path("message").path("eventId").asText());
    }

    @Test
    void theDefaultFormatIsTheElementsBody() throws Exception {
        String path = callbacks.newCallback();
        long id = instance(path, "");
        send(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> !callbacks.received(path).isEmpty());
        LoggedRequest request = callbacks.received(path).get(0);
        assertTrue(request.getHeader("Content-Type").startsWith("application/json"));
        assertNull(request.getHeader("ce-id"));
        assertTrue(CallbackReceiver.json(request).path("message").has("eventId"));
        tenant.platform().get(TestTenant.BASE + "/elements/webhook").then().statusCode(200)
                .body("configuration.find { it.key == 'event.notification.format' }.defaultValue",
                        org.hamcrest.Matchers.equalTo("elements"));
    }

    @Test
    void aBadFormatIsA400NamingTheKey() {
        tenant.platform().body("""
                {"element": {"key": "webhook"}, "name": "f",
                 "configuration": {"event.notification.format": "xml"}}""")
                .post(TestTenant.BASE + "/instances").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("event.notification.format"));
    }

    private void checkAttributes(CloudEvent event, long instanceId, Instant before) {
        assertEquals("1.0", event.getSpecVersion().toString());
        assertTrue(event.getId().startsWith("ntf_"), event.getId());
        assertEquals(publicUrl.of(TestTenant.BASE + "/instances/" + instanceId), event.getSource().toString());
        assertEquals("io.switchboard.notification", event.getType());
        assertEquals("webhook", event.getSubject());
        assertEquals("application/json", event.getDataContentType());
        assertNotNull(event.getTime());
        Instant time = event.getTime().toInstant();
        assertFalse(time.isBefore(before) || time.isAfter(Instant.now()), "time is when the receipt was accepted");
        assertEquals(String.valueOf(instanceId), String.valueOf(event.getExtension("instanceid")));
        assertTrue(String.valueOf(event.getExtension("receiptid")).startsWith("rcp_"));
        assertEquals("1", String.valueOf(event.getExtension("page")));
        assertEquals("1", String.valueOf(event.getExtension("pages")));
        String traceparent = String.valueOf(event.getExtension("traceparent"));
        assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"), traceparent);
        assertNotNull(event.getData());
    }

    record Received(long instanceId, LoggedRequest request, CloudEvent event) {
    }

    /** One webhook to a signing instance of {@code format}; the callback read back and its signature checked. */
    private Received deliverOne(String format) throws Exception {
        String path = callbacks.newCallback();
        long id = instance(path, ", \"event.notification.signature.key\": \"" + KEY + "\""
                + ", \"event.notification.format\": \"" + format + "\"");
        send(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> !callbacks.received(path).isEmpty());
        LoggedRequest request = callbacks.received(path).get(0);
        assertEquals("sha256=" + hmac(request.getBody()), request.getHeader("Elements-Webhook-Signature"),
                "signed over the exact bytes sent");
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpHeader header : request.getHeaders().all()) {
            headers.put(header.key(), header.firstValue());
        }
        CloudEvent event = HttpMessageFactory.createReader(headers, request.getBody()).toEvent();
        assertEquals(request.getHeader("Elements-Webhook-Id"), event.getId());
        return new Received(id, request, event);
    }

    long instance(String path, String extra) {
        return DeliveryBehaviourTest.instance(tenant, callbacks.url(path), extra);
    }

    static void send(long id) {
        DeliveryBehaviourTest.send(id, "{\"id\": \"o1\"}");
    }

    static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

}
