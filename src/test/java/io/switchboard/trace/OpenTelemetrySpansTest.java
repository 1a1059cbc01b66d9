package io.switchboard.trace;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.switchboard.CallbackReceiver;
import io.switchboard.InjectCallbackReceiver;
import io.switchboard.TestTenant;

/**
 * With an OTLP endpoint set, the SDK records spans (here into memory as well), and the vendor's request, the store
 * and the callback attempt form one trace, the callback's traceparent naming the attempt's span.
 */
@QuarkusTest
@TestProfile(OpenTelemetrySpansTest.Exporting.class)
class OpenTelemetrySpansTest {

    @InjectCallbackReceiver
    CallbackReceiver callbacks;

    static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

    /** An endpoint nobody listens on: setting it is what turns the SDK on. */
    public static class Exporting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.exporter.otlp.endpoint", "http://127.0.0.1:4317",
                    "quarkus.otel.bsp.schedule.delay", "100ms");
        }
    }

    @Inject
    InMemorySpanExporter exporter;

    @Test
    void theVendorsRequestTheStoreAndTheCallbackAttemptAreOneTrace() {
        TestTenant tenant = TestTenant.of(getClass());
        String path = callbacks.newCallback();
        long id = ((Number) tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "otel",
                 "configuration": {"event.notification.enabled": "true",
                                   "event.notification.callback.url": "%s"}}"""
                .formatted(callbacks.url(path))).get("id")).longValue();
        given().contentType(ContentType.JSON).header("traceparent", "00-" + TRACE + "-b7ad6b7169203331-01")
                .body("{\"id\": \"s1\"}").post(TestTenant.BASE + "/events/webhook/" + id).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !callbacks.received(path).isEmpty());
        String[] sent = callbacks.received(path).get(0).getHeader("traceparent").split("-");
        assertEquals(TRACE, sent[1]);

        await().atMost(Duration.ofSeconds(10)).until(() -> spans().stream()
                .anyMatch(s -> s.getSpanId().equals(sent[2])));
        List<SpanData> trace = spans();
        SpanData server = trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertEquals("b7ad6b7169203331", server.getParentSpanId(), "the vendor's span is the parent");
        SpanData store = trace.stream().filter(s -> s.getName().equals("store receipts")).findFirst().orElseThrow();
        assertEquals(server.getSpanId(), store.getParentSpanId());
        SpanData attempt = trace.stream().filter(s -> s.getSpanId().equals(sent[2])).findFirst().orElseThrow();
        assertEquals(SpanKind.CLIENT, attempt.getKind());
        assertEquals(server.getSpanId(), attempt.getParentSpanId(), "the attempt is a child of the ingest span");
        assertEquals("callback", attempt.getName());
    }

    private List<SpanData> spans() {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(TRACE)).toList();
    }
}
