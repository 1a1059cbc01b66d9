package io.switchboard.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.CallbackReceiver;
import io.switchboard.InjectCallbackReceiver;
import io.switchboard.TestTenant;

@QuarkusTest
class WebhookPipelineTest {

    @InjectCallbackReceiver
    CallbackReceiver callbacks;

    static final ObjectMapper MAPPER = new ObjectMapper();
    static TestTenant tenant;

    @BeforeEach
    void tenant() {
        tenant = TestTenant.of(getClass());
    }

    Map<String, Object> webhookInstance(String callbackPath, String extraConfig) {
        return tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "generic",
                 "configuration": {"event.notification.enabled": "true",
                                   "event.notification.callback.url": "%s",
                                   "webhook.objects.path": "items",
                                   "webhook.event.type.path": "action",
                                   "webhook.event.type.map": "created:CREATED,updated:UPDATED"%s}}"""
                .formatted(callbacks.url(callbackPath), extraConfig));
    }

    static String items(int count) {
        StringBuilder body = new StringBuilder("{\"source\": \"test\", \"items\": [");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\": \"obj-").append(i).append("\", \"action\": \"")
                    .append(i % 2 == 0 ? "created" : "updated").append("\"}");
        }
        return body.append("]}").toString();
    }

    @Test
    void hundredObjectsBecomeFiveNotificationsOfTwentyWithTheFullRawBody() throws Exception {
        String callback = callbacks.newCallback();
        Map<String, Object> instance = webhookInstance(callback, "");
        String body = items(100);
        given().contentType(ContentType.JSON).body(body)
                .post(TestTenant.BASE + "/events/webhook/" + instance.get("id"))
                .then().statusCode(200)
                .body("events", equalTo(100))
                .body("notifications", equalTo(5));

        await().atMost(Duration.ofSeconds(15)).until(() -> callbacks.received(callback).size() >= 5);
        List<JsonNode> messages = new ArrayList<>();
        for (LoggedRequest request : callbacks.received(callback)) {
            messages.add(CallbackReceiver.json(request).path("message"));
        }
        assertEquals(5, messages.size());
        messages.sort(Comparator.comparingInt(m -> m.path("page").asInt()));
        JsonNode raw = MAPPER.readTree(body);
        for (int page = 1; page <= 5; page++) {
            JsonNode message = messages.get(page - 1);
            assertEquals(page, message.path("page").asInt());
            assertEquals(5, message.path("pages").asInt());
            assertEquals(20, message.path("events").size());
            assertEquals("obj-" + (page - 1) * 20, message.path("events").get(0).path("objectId").asText());
            assertEquals(raw, message.path("raw"), "every page carries the full raw body");
            assertEquals("webhook", message.path("eventSource").asText());
            assertEquals("webhook", message.path("elementKey").asText());
            assertEquals(((Number) instance.get("id")).longValue(), message.path("instanceId").asLong());
            assertTrue(message.path("eventId").asText().startsWith("ntf_"));
        }
        assertEquals("CREATED", messages.get(0).path("events").get(0).path("eventType").asText());
        assertEquals("UPDATED", messages.get(0).path("events").get(1).path("eventType").asText());
    }

    @Test
    void oneObjectIsOneNotification() {
        String callback = callbacks.newCallback();
        Map<String, Object> instance = webhookInstance(callback, "");
        given().contentType(ContentType.JSON).body(items(1))
                .post(TestTenant.BASE + "/events/webhook/" + instance.get("id"))
                .then().statusCode(200).body("events", equalTo(1)).body("notifications", equalTo(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(callback).size() == 1);
        JsonNode message = CallbackReceiver.json(callbacks.received(callback).get(0)).path("message");
        assertEquals(1, message.path("pages").asInt());
        assertEquals("obj-0", message.path("events").get(0).path("objectId").asText());
    }
}
