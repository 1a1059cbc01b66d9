package io.switchboard.delivery;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.switchboard.CallbackReceiver;
import io.switchboard.InjectCallbackReceiver;
import io.switchboard.TestDb;
import io.switchboard.TestTenant;

/** With allow-private-targets off (the production default), callbacks cannot reach inside. */
@QuarkusTest
@TestProfile(SsrfGuardTest.PrivateTargetsRefused.class)
class SsrfGuardTest {

    @InjectCallbackReceiver
    CallbackReceiver callbacks;

    public static class PrivateTargetsRefused implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.delivery.allow-private-targets", "false");
        }
    }

    static TestTenant tenant;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void tenant() {
        tenant = TestTenant.of(getClass());
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://127.0.0.1/cb", "http://[::1]/cb", "http://169.254.169.254/latest/meta-data",
            "http://10.1.2.3/cb", "http://172.16.5.4/cb", "http://192.168.1.1/cb", "http://2130706433/cb",
            "http://0177.0.0.1/cb", "http://0x7f.0.0.1/cb", "http://127.1/cb", "http://[::ffff:127.0.0.1]/cb",
            "http://0.0.0.0/cb", "http://[fd00::1]/cb", "http://localhost:8080/cb" })
    void privateCallbackAddressesAreRefusedWhenConfigured(String url) {
        tenant.platform().body("""
                {"element": {"key": "webhook"}, "name": "ssrf",
                 "configuration": {"event.notification.callback.url": "%s"}}""".formatted(url))
                .post(TestTenant.BASE + "/instances")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("event.notification.callback.url"))
                .body("detail", containsString("allow-private-targets"));
    }

    @Test
    void otherOutgoingUrlKeysAreGuardedToo() {
        tenant.platform().body("""
                {"element": {"key": "rest"}, "name": "ssrf", "configuration": {"rest.base.url": "http://10.0.0.8/api"}}""")
                .post(TestTenant.BASE + "/instances")
                .then().statusCode(400).body("errors[0].field", equalTo("rest.base.url"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://callback.loopback.test/cb", "http://metadata.google.internal/computeMetadata/v1/",
            "http://198.18.0.1/cb" })
    void namesResolvingInsideAndTheNewRangesAreRefusedWhenConfigured(String url) {
        privateCallbackAddressesAreRefusedWhenConfigured(url);
    }

    @Test
    void aNameThatResolvesToLoopbackAtTheCallIsRefusedForACallback() {
        String path = callbacks.newCallback();
        String url = "http://cb-" + UUID.randomUUID() + ".rebind.test:" + callbacks.server().port() + path;
        Map<String, Object> created = tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "rebind",
                 "configuration": {"event.notification.enabled": "true", "event.notification.callback.url": "%s"}}"""
                .formatted(url));
        long id = ((Number) created.get("id")).longValue();
        given().contentType(ContentType.JSON).body("{\"id\": \"1\"}").post(TestTenant.BASE + "/events/webhook/" + id)
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(TestDb.value(dataSource,
                "SELECT status FROM delivery WHERE instance_id = ?", id)));
        List<String> row = TestDb.rows(dataSource, "SELECT attempts, last_error FROM delivery WHERE instance_id = ?", id)
                .get(0);
        assertEquals("1", row.get(0), "a refused target is not retried");
        assertTrue(row.get(1).contains("loopback"), row.get(1));
        assertEquals(0, callbacks.received(path).size());
    }

    @Test
    void aNameThatResolvesToLoopbackAtTheCallIsRefusedForAPoll() {
        Map<String, Object> created = tenant.createInstance("""
                {"element": {"key": "rest"}, "name": "rebind-poll",
                 "configuration": {"rest.base.url": "http://crm-%s.rebind.test:%d", "event.notification.enabled": "true",
                                   "event.vendor.type": "polling", "event.poller.refresh_interval": "60",
                                   "event.poller.configuration": {"contacts": {"url": "/contacts", "idField": "id"}}}}"""
                .formatted(UUID.randomUUID(), callbacks.server().port()));
        long id = ((Number) created.get("id")).longValue();
        tenant.platform().post(TestTenant.BASE + "/instances/" + id + "/events/poll").then().statusCode(502)
                .contentType("application/problem+json").body("detail", containsString("loopback"));
    }

    @Test
    void aNameThatResolvesToLoopbackAtTheCallIsRefusedForTwilio() {
        Map<String, Object> created = tenant.createInstance("""
                {"element": {"key": "twilio"}, "name": "rebind-sms",
                 "configuration": {"twilio.account.sid": "AC-rebind", "twilio.auth.token": "auth-token",
                                   "twilio.base.url": "http://api-%s.rebind.test:%d"}}"""
                .formatted(UUID.randomUUID(), callbacks.server().port()));
        given().header("Authorization", tenant.elementAuthorization((String) created.get("token")))
                .contentType(ContentType.JSON).body("{\"to\": \"+14155550100\", \"from\": \"+14155550199\", \"message\": \"Hi\"}")
                .post(TestTenant.BASE + "/hubs/messaging/messages").then()
                .statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400)).contentType("application/problem+json")
                .body("detail", containsString("loopback"));
    }
}
