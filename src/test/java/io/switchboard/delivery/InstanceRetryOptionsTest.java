package io.switchboard.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.CallbackReceiver;
import io.switchboard.InjectCallbackReceiver;
import io.switchboard.TestDb;
import io.switchboard.TestTenant;

/**
 * {@code event.notification.retry.schedule} and {@code event.notification.timeout} of an instance (API.md §7); the
 * hub's test schedule is 200ms,400ms,800ms and its timeout 2s.
 */
@QuarkusTest
class InstanceRetryOptionsTest {

    @InjectCallbackReceiver
    CallbackReceiver callbacks;

    static TestTenant tenant;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void tenant() {
        tenant = TestTenant.of(getClass());
    }

    @Test
    void noneMeansOneAttempt() {
        String path = failing(500);
        long id = DeliveryBehaviourTest.instance(tenant, callbacks.url(path), ", \"event.notification.retry.schedule\": \"none\"");
        DeliveryBehaviourTest.send(id, "{\"id\": \"a\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(status(id).get(0)));
        assertEquals(List.of("FAILED", "1"), status(id));
        assertEquals(1, callbacks.received(path).size());
    }

    @Test
    void anInstancesScheduleReplacesTheHubsAndAChangeAppliesToTheNextAttempt() {
        String path = failing(503);
        long id = DeliveryBehaviourTest.instance(tenant, callbacks.url(path),
                ", \"event.notification.retry.schedule\": \"100ms\"");
        DeliveryBehaviourTest.send(id, "{\"id\": \"b\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(status(id).get(0)));
        assertEquals(List.of("FAILED", "2"), status(id), "one retry, not the hub's three");

        // a longer schedule, then a redelivery: it follows the new one
        tenant.platform().body("{\"configuration\": {\"event.notification.retry.schedule\": \"50ms,50ms,50ms,50ms\"}}")
                .patch(TestTenant.BASE + "/instances/" + id).then().statusCode(200);
        tenant.platform().post(TestTenant.BASE + "/instances/" + id + "/deliveries/redeliver?status=FAILED").then()
                .statusCode(org.hamcrest.Matchers.lessThan(300));
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(path).size() == 7
                && "FAILED".equals(status(id).get(0)));
    }

    @Test
    void anInstancesTimeoutBoundsEachAttempt() {
        String path = "/callback/" + UUID.randomUUID();
        callbacks.server().stubFor(post(urlPathEqualTo(path))
                .willReturn(aResponse().withStatus(200).withFixedDelay(1600)));
        long id = DeliveryBehaviourTest.instance(tenant, callbacks.url(path), ", \"event.notification.timeout\": \"1s\","
                + " \"event.notification.retry.schedule\": \"none\"");
        DeliveryBehaviourTest.send(id, "{\"id\": \"c\"}");
        // the hub's 2 s would have waited for the answer at 1.6 s
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(status(id).get(0)));
        String error = TestDb.value(dataSource, "SELECT last_error FROM delivery WHERE instance_id = ?", id);
        assertEquals("no response within 1000 ms", error);
    }

    @Test
    void badValuesAre400sNamingTheirKeys() {
        tenant.platform().body("""
                {"element": {"key": "webhook"}, "name": "bad",
                 "configuration": {"event.notification.retry.schedule": "8s,soon",
                                   "event.notification.timeout": "90s"}}""")
                .post(TestTenant.BASE + "/instances").then().statusCode(400)
                .body("errors.field", hasItems("event.notification.retry.schedule", "event.notification.timeout"));
        tenant.platform().body("""
                {"element": {"key": "webhook"}, "name": "bad",
                 "configuration": {"event.notification.timeout": "500ms"}}""")
                .post(TestTenant.BASE + "/instances").then().statusCode(400)
                .body("errors[0].field", equalTo("event.notification.timeout"));
        tenant.platform().get(TestTenant.BASE + "/elements/webhook").then().statusCode(200)
                .body("configuration.key", hasItems("event.notification.retry.schedule", "event.notification.timeout",
                        "event.notification.format"));
    }

    private String failing(int status) {
        String path = "/callback/" + UUID.randomUUID();
        callbacks.server().stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(status)));
        return path;
    }

    private List<String> status(long instanceId) {
        return TestDb.rows(dataSource, "SELECT status, attempts FROM delivery WHERE instance_id = ?", instanceId)
                .get(0);
    }
}
