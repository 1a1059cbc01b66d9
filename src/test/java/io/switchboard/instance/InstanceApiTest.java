package io.switchboard.instance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.switchboard.TestTenant;

@QuarkusTest
class InstanceApiTest {

    static final String INSTANCES = TestTenant.BASE + "/instances";
    static final String TWILIO = """
            {"element": {"key": "twilio"}, "name": "sms-eu", "tags": ["eu"],
             "configuration": {"twilio.account.sid": "AC123", "twilio.auth.token": "tok-SECRET-1",
                               "event.notification.enabled": true,
                               "event.notification.callback.url": "https://app.example/callback",
                               "event.notification.signature.key": "sig-SECRET-2",
                               "event.vendor.type": "webhook"}}""";

    static TestTenant tenant;
    static TestTenant other;

    @BeforeEach
    void tenants() {
        // Not @BeforeAll: RestAssured learns the random test port only before each test.
        tenant = TestTenant.of(getClass());
        other = TestTenant.of(getClass(), "other");
    }

    @Test
    void createReturnsTheContractShapeWithSecretsRedacted() {
        Response created = tenant.platform().body(TWILIO).post(INSTANCES);
        created.then().statusCode(200)
                .body("id", notNullValue())
                .body("name", equalTo("sms-eu"))
                .body("token", notNullValue())
                .body("element.key", equalTo("twilio"))
                .body("element.name", equalTo("Twilio"))
                .body("tags", contains("eu"))
                .body("configuration.'twilio.account.sid'", equalTo("AC123"))
                .body("configuration.'twilio.auth.token'", equalTo("********"))
                .body("configuration.'event.notification.signature.key'", equalTo("********"))
                .body("configuration.'event.notification.enabled'", equalTo("true"))
                .body("valid", equalTo(true))
                .body("disabled", equalTo(false))
                .body("eventsEnabled", equalTo(true))
                .body("createdDate", notNullValue())
                .body("webhookUrl", allOf(containsString("/elements/api-v2/events/twilio/"),
                        endsWith("/" + created.path("id"))))
                .body("user.id", equalTo((int) tenant.userId()))
                .body("user.emailAddress", containsString("@test"));
        assertFalse(created.asString().contains("SECRET"), "a secret value leaked: " + created.asString());

        long id = ((Number) created.path("id")).longValue();
        String read = tenant.platform().get(INSTANCES + "/" + id).then().statusCode(200).extract().asString();
        String list = tenant.platform().get(INSTANCES).then().statusCode(200).extract().asString();
        String config = tenant.platform().get(INSTANCES + "/" + id + "/configuration").then().statusCode(200)
                .extract().asString();
        for (String body : List.of(read, list, config)) {
            assertFalse(body.contains("SECRET"), "a secret value leaked: " + body);
        }
    }

    @Test
    void tagsDefaultToTheName() {
        tenant.platform().body("""
                {"element": {"key": "stripe"}, "name": "payments"}""").post(INSTANCES)
                .then().statusCode(200).body("tags", contains("payments"));
    }

    @Test
    void missingRequiredKeysAreNamedInThe400() {
        tenant.platform().body("""
                {"element": {"key": "twilio"}, "name": "x", "configuration": {"twilio.default.sender": "+1415"}}""")
                .post(INSTANCES)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("twilio.account.sid"))
                .body("detail", containsString("twilio.auth.token"))
                .body("errors.field", containsInAnyOrder("twilio.account.sid", "twilio.auth.token"));
    }

    @Test
    void badEventKeysAreNamed() {
        tenant.platform().body("""
                {"element": {"key": "stripe"}, "name": "x",
                 "configuration": {"event.poller.refresh_interval": "0.01", "event.notification.callback.url": "ftp://x",
                                   "event.vendor.type": "polling"}}""")
                .post(INSTANCES)
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("event.poller.refresh_interval",
                        "event.notification.callback.url", "event.vendor.type"));
    }

    @Test
    void unknownElementIs404() {
        tenant.platform().body("{\"element\": {\"key\": \"nope\"}, \"name\": \"x\"}").post(INSTANCES)
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("nope"));
    }

    @Test
    void numbersBooleansAndPollerObjectsAreStoredAsStrings() {
        Map<String, Object> created = tenant.createInstance("""
                {"element": {"key": "rest"}, "name": "crm",
                 "configuration": {"rest.base.url": "https://crm.example", "event.notification.enabled": true,
                                   "event.poller.refresh_interval": 0.5,
                                   "event.poller.configuration": {"contacts": {"url": "/contacts"}},
                                   "custom.extra": 42}}""");
        @SuppressWarnings("unchecked")
        Map<String, String> configuration = (Map<String, String>) created.get("configuration");
        assertEquals("true", configuration.get("event.notification.enabled"));
        assertEquals("0.5", configuration.get("event.poller.refresh_interval"));
        assertEquals("{\"contacts\":{\"url\":\"/contacts\"}}", configuration.get("event.poller.configuration"));
        assertEquals("42", configuration.get("custom.extra"));
    }

    @Test
    void patchReplacesTagsMergesConfigurationAndNullRemoves() {
        long id = id(tenant.createInstance(TWILIO));
        tenant.platform().body("""
                {"tags": ["eu", "prod"], "configuration": {
                    "event.notification.callback.url": "https://app.example/new",
                    "event.notification.signature.key": null,
                    "twilio.default.sender": "+14155550199"}}""")
                .patch(INSTANCES + "/" + id)
                .then().statusCode(200)
                .body("name", equalTo("sms-eu"))
                .body("tags", contains("eu", "prod"))
                .body("configuration.'event.notification.callback.url'", equalTo("https://app.example/new"))
                .body("configuration", not(hasKey("event.notification.signature.key")))
                .body("configuration.'twilio.default.sender'", equalTo("+14155550199"))
                .body("configuration.'twilio.account.sid'", equalTo("AC123"))
                .body("configuration.'twilio.auth.token'", equalTo("********"));

        tenant.platform().body("{\"configuration\": {\"twilio.auth.token\": null}}").patch(INSTANCES + "/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("twilio.auth.token"));
    }

    @Test
    void redactedSecretSentBackKeepsTheValue() {
        Map<String, Object> created = tenant.createInstance(TWILIO);
        long id = id(created);
        created.remove("id");
        tenant.platform().body(Map.of("name", "renamed", "configuration", created.get("configuration")))
                .put(INSTANCES + "/" + id)
                .then().statusCode(200)
                .body("name", equalTo("renamed"))
                .body("tags", contains("renamed"))
                .body("configuration.'twilio.auth.token'", equalTo("********"));
        Response entry = entryOf(id, "twilio.auth.token");
        assertEquals(true, entry.path("secret"));
    }

    @Test
    void putReplacesConfiguration() {
        long id = id(tenant.createInstance(TWILIO));
        tenant.platform().body("""
                {"name": "bare", "configuration": {"twilio.account.sid": "AC9", "twilio.auth.token": "t"}}""")
                .put(INSTANCES + "/" + id)
                .then().statusCode(200)
                .body("configuration", not(hasKey("event.notification.callback.url")))
                .body("configuration.'twilio.account.sid'", equalTo("AC9"));
    }

    @Test
    void configurationListsDeclaredKeysWithDefaultsAndExtras() {
        long id = id(tenant.createInstance("""
                {"element": {"key": "twilio"}, "name": "c",
                 "configuration": {"twilio.account.sid": "AC1", "twilio.auth.token": "t", "my.extra": "x"}}"""));
        List<Map<String, Object>> entries = tenant.platform().get(INSTANCES + "/" + id + "/configuration")
                .then().statusCode(200).extract().path("");
        Map<String, Object> baseUrl = find(entries, "twilio.base.url");
        assertEquals("https://api.twilio.com", baseUrl.get("propertyValue"));
        assertEquals(null, find(entries, "twilio.default.sender").get("propertyValue"));
        assertEquals("x", find(entries, "my.extra").get("propertyValue"));
        assertEquals("15", find(entries, "event.poller.refresh_interval").get("propertyValue"));
        assertTrue(entries.stream().allMatch(e -> e.get("id") != null && e.get("name") != null));
    }

    @Test
    void configurationEntryPatchTakesEffectAtOnce() {
        long id = id(tenant.createInstance(TWILIO));
        Response entry = entryOf(id, "event.notification.callback.url");
        long configurationId = ((Number) entry.path("id")).longValue();

        tenant.platform().body("{\"propertyValue\": \"https://app.example/patched\"}")
                .patch(INSTANCES + "/" + id + "/configuration/" + configurationId)
                .then().statusCode(200)
                .body("id", equalTo((int) configurationId))
                .body("key", equalTo("event.notification.callback.url"))
                .body("propertyValue", equalTo("https://app.example/patched"));
        tenant.platform().get(INSTANCES + "/" + id).then()
                .body("configuration.'event.notification.callback.url'", equalTo("https://app.example/patched"));

        tenant.platform().body("{\"propertyValue\": \"not a url\"}")
                .patch(INSTANCES + "/" + id + "/configuration/" + configurationId)
                .then().statusCode(400).body("errors[0].field", equalTo("event.notification.callback.url"));

        long secretId = ((Number) entryOf(id, "twilio.auth.token").path("id")).longValue();
        tenant.platform().body("{\"propertyValue\": \"new-SECRET\"}")
                .patch(INSTANCES + "/" + id + "/configuration/" + secretId)
                .then().statusCode(200).body("propertyValue", equalTo("********")).body("secret", equalTo(true));

        tenant.platform().body("{}").patch(INSTANCES + "/" + id + "/configuration/" + configurationId)
                .then().statusCode(400).body("errors[0].field", equalTo("propertyValue"));
        tenant.platform().get(INSTANCES + "/" + id + "/configuration/999999999").then().statusCode(404);
    }

    @Test
    void instanceScopedConfigurationFormsUseTheElementToken() {
        Map<String, Object> created = tenant.createInstance(TWILIO);
        String token = (String) created.get("token");
        long id = id(created);
        given().header("Authorization", tenant.elementAuthorization(token))
                .get(INSTANCES + "/configuration").then().statusCode(200)
                .body("key", hasItem("twilio.account.sid"));
        long configurationId = ((Number) entryOf(id, "twilio.default.sender").path("id")).longValue();
        given().header("Authorization", tenant.elementAuthorization(token)).contentType(ContentType.JSON)
                .body("{\"propertyValue\": \"+14155550100\"}")
                .patch(INSTANCES + "/configuration/" + configurationId)
                .then().statusCode(200).body("propertyValue", equalTo("+14155550100"));
        // The two-part header is refused on a platform endpoint.
        given().header("Authorization", tenant.elementAuthorization(token))
                .get(INSTANCES + "/" + id).then().statusCode(403).contentType("application/problem+json");
        // The three-part header names the instance for PATCH /instances.
        given().header("Authorization", tenant.authorization(token)).contentType(ContentType.JSON)
                .body("{\"name\": \"via-token\"}").patch(INSTANCES)
                .then().statusCode(200).body("id", equalTo((int) id)).body("name", equalTo("via-token"));
        // Another organization's user cannot use this token.
        given().header("Authorization", other.elementAuthorization(token))
                .get(INSTANCES + "/configuration").then().statusCode(401);
    }

    @Test
    void tagFilterReturnsInstancesCarryingAllTags() {
        TestTenant own = TestTenant.create();
        long euProd = id(own.createInstance("{\"element\": {\"key\": \"stripe\"}, \"name\": \"a\", \"tags\": [\"eu\", \"prod\"]}"));
        long eu = id(own.createInstance("{\"element\": {\"key\": \"stripe\"}, \"name\": \"b\", \"tags\": [\"eu\"]}"));
        own.createInstance("{\"element\": {\"key\": \"stripe\"}, \"name\": \"c\", \"tags\": [\"us\"]}");
        own.platform().queryParam("tags[]", "eu").get(INSTANCES)
                .then().statusCode(200).body("id", containsInAnyOrder((int) euProd, (int) eu));
        own.platform().queryParam("tags[]", "eu").queryParam("tags[]", "prod").get(INSTANCES)
                .then().statusCode(200).body("id", contains((int) euProd));
        own.platform().get(INSTANCES).then().body("size()", equalTo(3));
    }

    @Test
    void enableAndDisable() {
        Map<String, Object> created = tenant.createInstance(TWILIO);
        long id = id(created);
        String token = (String) created.get("token");
        tenant.platform().delete(INSTANCES + "/" + id + "/enabled").then().statusCode(200).body("disabled", equalTo(true));
        tenant.platform().get(INSTANCES + "/" + id).then().body("disabled", equalTo(true));
        // A disabled instance's token gets 403.
        given().header("Authorization", tenant.elementAuthorization(token))
                .get(INSTANCES + "/configuration").then().statusCode(403);
        tenant.platform().put(INSTANCES + "/" + id + "/enabled").then().statusCode(200).body("disabled", equalTo(false));
        given().header("Authorization", tenant.elementAuthorization(token))
                .get(INSTANCES + "/configuration").then().statusCode(200);
    }

    @Test
    void deleteMakesTheInstanceAndItsToken404And401() {
        Map<String, Object> created = tenant.createInstance(TWILIO);
        long id = id(created);
        tenant.platform().delete(INSTANCES + "/" + id).then().statusCode(200);
        tenant.platform().get(INSTANCES + "/" + id).then().statusCode(404);
        tenant.platform().get(INSTANCES).then().body("id", not(hasItem((int) id)));
        given().header("Authorization", tenant.elementAuthorization((String) created.get("token")))
                .get(INSTANCES + "/configuration").then().statusCode(401);
    }

    @Test
    void anotherOrganizationsInstanceIs404Everywhere() {
        long id = id(tenant.createInstance(TWILIO));
        long configurationId = ((Number) entryOf(id, "twilio.account.sid").path("id")).longValue();
        other.platform().get(INSTANCES + "/" + id).then().statusCode(404).body("detail", not(containsString("organization")));
        other.platform().body("{\"name\": \"stolen\"}").patch(INSTANCES + "/" + id).then().statusCode(404);
        other.platform().body(TWILIO).put(INSTANCES + "/" + id).then().statusCode(404);
        other.platform().delete(INSTANCES + "/" + id).then().statusCode(404);
        other.platform().put(INSTANCES + "/" + id + "/enabled").then().statusCode(404);
        other.platform().get(INSTANCES + "/" + id + "/configuration").then().statusCode(404);
        other.platform().body("{\"propertyValue\": \"x\"}")
                .patch(INSTANCES + "/" + id + "/configuration/" + configurationId).then().statusCode(404);
        other.platform().get(INSTANCES).then().body("id", not(hasItem((int) id)));
        tenant.platform().get(INSTANCES + "/" + id).then().statusCode(200).body("name", equalTo("sms-eu"));
    }

    private Response entryOf(long id, String key) {
        List<Map<String, Object>> entries = tenant.platform().get(INSTANCES + "/" + id + "/configuration")
                .then().statusCode(200).extract().path("");
        long configurationId = ((Number) find(entries, key).get("id")).longValue();
        return tenant.platform().get(INSTANCES + "/" + id + "/configuration/" + configurationId)
                .then().statusCode(200).body("key", equalTo(key)).extract().response();
    }

    private static Map<String, Object> find(List<Map<String, Object>> entries, String key) {
        return entries.stream().filter(e -> key.equals(e.get("key"))).findFirst()
                .orElseThrow(() -> new AssertionError("no configuration entry " + key + " in " + entries));
    }

    static long id(Map<String, Object> instance) {
        return ((Number) instance.get("id")).longValue();
    }
}
