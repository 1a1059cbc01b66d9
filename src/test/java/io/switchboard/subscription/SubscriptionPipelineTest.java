package io.switchboard.subscription;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.TestTenant;
import io.switchboard.event.Event;
import io.switchboard.event.EventType;
import io.switchboard.event.Pages;
import io.switchboard.event.ReceiptStore;
import io.switchboard.history.Retention;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.instance.Instances;

/** Events that do not come from a webhook (polls) are matched too, and retention prunes the feed. */
@QuarkusTest
class SubscriptionPipelineTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    ReceiptStore store;
    @Inject
    Instances instances;
    @Inject
    Retention retention;

    TestTenant tenant;
    InstanceSettings instance;

    @BeforeEach
    void setUp() {
        tenant = TestTenant.create();
        long id = SubscriptionApiTest.customersInstanceOf(tenant);
        instance = instances.settings(id).orElseThrow();
        SubscriptionApiTest.subscribe(tenant, "application/json", """
                {"instanceId": %d, "collection": "contacts", "filter": "meta.region eq 'EU' and not (score lt 5)"}"""
                .formatted(id));
    }

    private void poll(Instant receivedAt, Event... events) {
        ReceiptStore.Incoming incoming = new ReceiptStore.Incoming(instance, "polling", "application/json", "json",
                "[]", Optional.empty(), receivedAt, receivedAt);
        QuarkusTransaction.requiringNew().run(() -> store.store(incoming, List.of(events), Pages.POLL_PAGE_SIZE,
                List.of()));
    }

    private static Event contact(String id, String json) throws Exception {
        return new Event("webhook", EventType.UPDATED, "contacts", id, Instant.parse("2026-11-22T10:00:00Z"),
                MAPPER.readTree(json));
    }

    @Test
    void polledEventsAreMatched() throws Exception {
        poll(Instant.now(), contact("c1", "{\"meta\": {\"region\": \"EU\"}, \"score\": 7}"),
                contact("c2", "{\"meta\": {\"region\": \"US\"}, \"score\": 7}"),
                contact("c3", "{\"meta\": {\"region\": \"EU\"}, \"score\": 2}"));
        tenant.platform().accept(ContentType.JSON).get(TestTenant.BASE + "/notifications").then().statusCode(200)
                .body("d.results", hasSize(1)).body("d.results[0].objectId", equalTo("c1"))
                .body("d.results[0].date", equalTo("2026-11-22T10:00:00Z"))
                .body("d.results[0].entity.meta.region", equalTo("EU"));
    }

    @Test
    void retentionPrunesTheFeedWithItsReceipts() throws Exception {
        poll(Instant.now().minus(Duration.ofDays(30)), contact("old", "{\"meta\": {\"region\": \"EU\"}}"));
        poll(Instant.now(), contact("new", "{\"meta\": {\"region\": \"EU\"}}"));
        tenant.platform().accept(ContentType.JSON).get(TestTenant.BASE + "/notifications").then()
                .body("d.results", hasSize(2));
        retention.purge();
        List<String> left = tenant.platform().accept(ContentType.JSON).get(TestTenant.BASE + "/notifications")
                .then().extract().path("d.results.objectId");
        assertEquals(List.of("new"), left);
    }
}
