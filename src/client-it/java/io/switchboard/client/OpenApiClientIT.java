package io.switchboard.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.switchboard.HubProcess;
import io.switchboard.client.api.DeliveriesApi;
import io.switchboard.client.api.EventsApi;
import io.switchboard.client.api.InstancesApi;
import io.switchboard.client.api.VendorWebhooksApi;
import io.switchboard.client.model.ConfigEntry;
import io.switchboard.client.model.DeliveryStatus;
import io.switchboard.client.model.DeliveryView;
import io.switchboard.client.model.ElementKey;
import io.switchboard.client.model.InstanceRequest;
import io.switchboard.client.model.InstanceView;
import io.switchboard.client.model.Problem;
import io.switchboard.client.model.PropertyValue;
import io.switchboard.client.model.Receipt;
import io.switchboard.client.model.ReceiptStatus;
import io.switchboard.client.model.ReceiptSummary;

/**
 * A client generated from the OpenAPI document the build wrote (see the openapi-generator execution in pom.xml)
 * drives the packaged hub: create an instance, patch its configuration, send a webhook, read its events and
 * deliveries, and read a problem answer. A document that no client can be generated from, or whose schemas,
 * parameters or operations disagree with what the hub does, fails here.
 */
class OpenApiClientIT {

    private static final String CALLBACK_KEY = "event.notification.callback.url";

    @TempDir
    Path work;

    @Test
    void aClientGeneratedFromTheDocumentDrivesTheHub() throws Exception {
        AtomicInteger callbacks = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/callback", exchange -> {
            exchange.getRequestBody().readAllBytes();
            callbacks.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        int port = HubProcess.freePort();
        try (HubProcess hub = HubProcess.start(work.resolve("data"), port, Map.of(
                "switchboard.bootstrap.organization-secret", "client-it-org",
                "switchboard.bootstrap.user-secret", "client-it-user",
                "switchboard.delivery.allow-private-targets", "true"))) {
            hub.awaitReady(Duration.ofSeconds(120));
            ApiClient platform = new ApiClient();
            platform.updateBaseUri(hub.url(""));
            platform.setRequestInterceptor(request -> request.header("Authorization",
                    "User client-it-user, Organization client-it-org"));
            ApiClient vendor = new ApiClient();
            vendor.updateBaseUri(hub.url(""));

            InstancesApi instances = new InstancesApi(platform);
            InstanceView created = instances.createInstance(new InstanceRequest()
                    .element(new ElementKey().key("webhook"))
                    .name("generated-client")
                    ._configuration(Map.of("event.notification.enabled", "true",
                            CALLBACK_KEY, "http://127.0.0.1:9/not-yet")));
            long id = created.getId();
            assertEquals("webhook", created.getElement().getKey());
            assertTrue(created.getWebhookUrl().endsWith("/elements/api-v2/events/webhook/" + id),
                    created.getWebhookUrl());

            ConfigEntry callback = instances.listInstanceConfiguration(id).stream()
                    .filter(entry -> CALLBACK_KEY.equals(entry.getKey())).findFirst().orElseThrow();
            String callbackUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/callback";
            ConfigEntry patched = instances.patchInstanceConfiguration(callback.getId(), id,
                    new PropertyValue().propertyValue(callbackUrl));
            assertEquals(callbackUrl, patched.getPropertyValue());

            Receipt receipt = new VendorWebhooksApi(vendor).receiveWebhook("webhook", Long.toString(id),
                    Map.of("id", "order-1", "total", 42));
            assertEquals(1, receipt.getEvents());
            assertEquals(1, receipt.getNotifications());

            EventsApi events = new EventsApi(platform);
            List<ReceiptSummary> log = events.listInstanceEvents(id, null, null, null, null, null);
            assertEquals(receipt.getId(), log.get(0).getId());
            assertEquals("order-1", events.getInstanceEvent(id, receipt.getId()).getEvents().get(0).getObjectId());

            DeliveriesApi deliveries = new DeliveriesApi(platform);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> deliveries
                    .listInstanceDeliveries(id, null, null, "DELIVERED").size() == 1);
            DeliveryView delivered = deliveries.listInstanceDeliveries(id, null, null, null).get(0);
            assertEquals(DeliveryStatus.DELIVERED, delivered.getStatus());
            assertEquals(callbackUrl, delivered.getUrl());
            assertEquals(receipt.getId(), delivered.getReceiptId());
            assertEquals(1, callbacks.get());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events
                    .listInstanceEvents(id, null, null, null, null, null).get(0).getStatus() == ReceiptStatus.NOTIFIED);

            ApiException missing = assertThrows(ApiException.class, () -> instances.getInstance(id + 1000));
            assertEquals(404, missing.getCode());
            Problem problem = platform.getObjectMapper().readValue(missing.getResponseBody(), Problem.class);
            assertEquals(404, problem.getStatus());
            assertNotNull(problem.getDetail());
            assertNotNull(problem.getRequestId());
        } finally {
            receiver.stop(0);
        }
    }
}
