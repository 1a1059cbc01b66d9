package io.switchboard.history;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.CallbackReceiver;
import io.switchboard.InjectCallbackReceiver;
import io.switchboard.TestTenant;

/** The history API over what the real ingest path and delivery workers wrote. */
@QuarkusTest
class HistoryPipelineTest {

    @InjectCallbackReceiver
    CallbackReceiver callbacks;

    static TestTenant tenant;

    @BeforeEach
    void tenant() {
        tenant = TestTenant.of(getClass());
    }

    @Test
    void aFailedDeliveryShowsInTheLogAndARedeliverSendsItAgain() {
        String path = "/callback/" + UUID.randomUUID();
        callbacks.server().stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(503)));
        Map<String, Object> instance = tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "hooks",
                 "configuration": {"event.notification.enabled": "true",
                                   "event.notification.callback.url": "%s"}}""".formatted(callbacks.url(path)));
        String events = TestTenant.BASE + "/instances/" + instance.get("id") + "/events";
        String body = "{\"id\": \"o-1\", \"note\": \"kept as sent\"}";

        String receiptId = given().contentType(ContentType.JSON).body(body)
                .post(TestTenant.BASE + "/events/webhook/" + instance.get("id"))
                .then().statusCode(200).extract().path("id");

        // The test retry schedule gives up after 4 attempts, in about 1.4 s.
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(
                tenant.platform().get(events + "/" + receiptId).then().statusCode(200).extract().path("status")));
        tenant.platform().get(events).then().statusCode(200)
                .body("[0].id", equalTo(receiptId))
                .body("[0].status", equalTo("FAILED"))
                .body("[0].events", equalTo(1))
                .body("[0].notifications", equalTo(1));
        Map<String, Object> delivery = tenant.platform().get(events + "/" + receiptId).then().statusCode(200)
                .body("providerData", equalTo(body))
                .body("events[0].objectId", equalTo("o-1"))
                .body("notifications[0].deliveries[0].attempts", equalTo(4))
                .body("notifications[0].deliveries[0].lastStatusCode", equalTo(503))
                .extract().path("notifications[0].deliveries[0]");

        // A callback's message.eventId finds the receipt.
        String eventId = CallbackReceiver.json(callbacks.received(path).get(0)).path("message").path("eventId")
                .asText();
        tenant.platform().get(events + "/" + eventId).then().statusCode(200).body("id", equalTo(receiptId));

        callbacks.server().stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        String deliveries = TestTenant.BASE + "/instances/" + instance.get("id") + "/deliveries";
        tenant.platform().post(deliveries + "/" + delivery.get("id") + "/redeliver").then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> "NOTIFIED".equals(
                tenant.platform().get(events + "/" + receiptId).then().statusCode(200).extract().path("status")));
        tenant.platform().get(deliveries + "?status=DELIVERED").then().statusCode(200)
                .body("[0].id", equalTo(delivery.get("id")))
                .body("[0].attempts", equalTo(5))
                .body("[0].lastStatusCode", equalTo(200));
        assertEquals(5, callbacks.received(path).size());
    }
}
