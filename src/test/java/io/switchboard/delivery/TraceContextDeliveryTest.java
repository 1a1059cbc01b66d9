package io.switchboard.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.CallbackReceiver;
import io.switchboard.InjectCallbackReceiver;
import io.switchboard.TestTenant;

/** W3C trace context from the vendor's request to every callback attempt (API.md §7 "Trace context"). */
@QuarkusTest
class TraceContextDeliveryTest {

    @InjectCallbackReceiver
    CallbackReceiver callbacks;

    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String TRACEPARENT = "00-" + TRACE + "-00f067aa0ba902b7-01";
    static TestTenant tenant;

    @BeforeEach
    void tenant() {
        tenant = TestTenant.of(getClass());
    }

    @Test
    void everyAttemptCarriesTheVendorsTraceWithASpanOfItsOwn() {
        String path = "/callback/" + UUID.randomUUID();
        String scenario = "trace-" + path;
        callbacks.server().stubFor(post(urlPathEqualTo(path)).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500))
                .willSetStateTo("ok"));
        callbacks.server().stubFor(post(urlPathEqualTo(path)).inScenario(scenario)
                .whenScenarioStateIs("ok").willReturn(aResponse().withStatus(200)));
        long id = DeliveryBehaviourTest.instance(tenant, callbacks.url(path), "");
        String receipt = given().contentType(ContentType.JSON).header("traceparent", TRACEPARENT)
                .header("tracestate", "vendor=abc,other=1").body("{\"id\": \"t1\"}")
                .post(TestTenant.BASE + "/events/webhook/" + id).then().statusCode(200).extract().path("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(path).size() == 2);

        List<LoggedRequest> attempts = callbacks.received(path);
        List<String[]> parents = attempts.stream().map(r -> r.getHeader("traceparent").split("-")).toList();
        for (String[] parent : parents) {
            assertEquals(4, parent.length);
            assertEquals(TRACE, parent[1], "the vendor's trace");
            assertNotEquals("00f067aa0ba902b7", parent[2], "a span of the hub's own");
        }
        assertNotEquals(parents.get(0)[2], parents.get(1)[2], "each attempt its own span id");
        attempts.forEach(r -> assertEquals("vendor=abc,other=1", r.getHeader("tracestate")));

        tenant.platform().get(TestTenant.BASE + "/instances/" + id + "/events/" + receipt).then().statusCode(200)
                .body("traceId", org.hamcrest.Matchers.equalTo(TRACE));
    }

    @Test
    void aReceiptWithoutOrWithAnInvalidTraceStartsItsOwn() {
        String path = callbacks.newCallback();
        long id = DeliveryBehaviourTest.instance(tenant, callbacks.url(path), "");
        String first = given().contentType(ContentType.JSON).body("{\"id\": \"t2\"}")
                .post(TestTenant.BASE + "/events/webhook/" + id).then().statusCode(200).extract().path("id");
        String second = given().contentType(ContentType.JSON).header("traceparent", "00-" + "0".repeat(32)
                + "-00f067aa0ba902b7-01").body("{\"id\": \"t3\"}")
                .post(TestTenant.BASE + "/events/webhook/" + id).then().statusCode(200).extract().path("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(path).size() == 2);
        String firstTrace = traceId(id, first);
        String secondTrace = traceId(id, second);
        assertTrue(firstTrace.matches("[0-9a-f]{32}"), firstTrace);
        assertNotEquals(firstTrace, secondTrace);
        for (LoggedRequest request : callbacks.received(path)) {
            String trace = request.getHeader("traceparent").split("-")[1];
            assertTrue(trace.equals(firstTrace) || trace.equals(secondTrace), trace);
            assertNull(request.getHeader("tracestate"));
        }
    }

    @Test
    void withoutAnOtlpEndpointTheOpenTelemetrySdkIsOff() {
        assertEquals(Boolean.TRUE, org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.otel.sdk.disabled", Boolean.class));
    }

    private static String traceId(long id, String receipt) {
        return tenant.platform().get(TestTenant.BASE + "/instances/" + id + "/events/" + receipt).then()
                .statusCode(200).extract().path("traceId");
    }
}
