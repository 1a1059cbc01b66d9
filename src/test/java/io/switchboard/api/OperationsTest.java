package io.switchboard.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.CallbackReceiver;
import io.switchboard.InjectCallbackReceiver;

@QuarkusTest
class OperationsTest {

    @InjectCallbackReceiver
    CallbackReceiver callbacks;

    @Test
    void readinessChecksTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void prometheusMetricsAreServed() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void pipelineMetricsHaveTheContractNames() {
        io.switchboard.TestTenant tenant = io.switchboard.TestTenant.create();
        String callback = callbacks.newCallback();
        Object id = tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "m",
                 "configuration": {"event.notification.enabled": "true", "event.notification.callback.url": "%s"}}"""
                .formatted(callbacks.url(callback))).get("id");
        given().contentType("application/json").body("{\"id\": \"m1\"}")
                .post(io.switchboard.TestTenant.BASE + "/events/webhook/" + id).then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> given().get("/q/metrics").asString().contains("switchboard_deliveries_total{outcome=\"delivered\""));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("switchboard_receipts_total"))
                .body(containsString("switchboard_events_total"))
                .body(containsString("switchboard_notifications_total"))
                .body(containsString("switchboard_delivery_latency_seconds_bucket"))
                .body(containsString("switchboard_delivery_queue_depth"));
    }

    @Test
    void openApiDescribesTheInstancesApi() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/elements/api-v2/instances"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
