package io.switchboard.element;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.TestTenant;

@QuarkusTest
class ElementApiTest {

    static final String ELEMENTS = TestTenant.BASE + "/elements";
    static TestTenant tenant;

    @BeforeEach
    void tenant() {
        tenant = TestTenant.of(getClass());
    }

    @Test
    void catalogListsTheBuiltIns() {
        tenant.platform().get(ELEMENTS).then().statusCode(200)
                .body("key", hasItems("twilio", "webhook", "rest", "stripe", "github", "shopify", "hubspot",
                        "zendesk"));
    }

    @Test
    void descriptorCarriesConfigurationMetadataAndEventKeys() {
        tenant.platform().get(ELEMENTS + "/twilio").then().statusCode(200)
                .body("name", equalTo("Twilio"))
                .body("events.webhook", equalTo(true))
                .body("configuration.find { it.key == 'twilio.auth.token' }.secret", equalTo(true))
                .body("configuration.find { it.key == 'twilio.auth.token' }.required", equalTo(true))
                .body("configuration.find { it.key == 'twilio.base.url' }.defaultValue", equalTo("https://api.twilio.com"))
                .body("configuration.key", hasItems("event.notification.enabled", "event.notification.callback.url"));
    }

    @Test
    void metadataHasTheOpenConnectorsShape() {
        tenant.platform().get(ELEMENTS + "/rest/metadata").then().statusCode(200)
                .body("events.supported", equalTo(true))
                .body("events.methods", equalTo(java.util.List.of("polling")));
    }

    @Test
    void unknownElementIs404() {
        tenant.platform().get(ELEMENTS + "/nope").then().statusCode(404).body("detail", containsString("nope"));
    }

    @Test
    void customElementsAreScopedToTheirOrganization() {
        String key = "crm-" + System.nanoTime();
        tenant.platform().body("""
                {"key": "%s", "name": "Acme CRM", "events": {"webhook": true, "polling": false},
                 "configuration": [{"key": "crm.secret", "name": "Secret", "required": true, "secret": true}]}"""
                .formatted(key)).post(ELEMENTS).then().statusCode(201).body("key", equalTo(key));
        tenant.platform().get(ELEMENTS + "/" + key).then().statusCode(200)
                .body("configuration.key", hasItem("event.notification.enabled"));
        tenant.platform().body("{\"element\": {\"key\": \"%s\"}, \"name\": \"i\"}".formatted(key))
                .post(TestTenant.BASE + "/instances").then().statusCode(400)
                .body("errors[0].field", equalTo("crm.secret"));

        TestTenant other = TestTenant.create();
        other.platform().get(ELEMENTS + "/" + key).then().statusCode(404);
        other.platform().get(ELEMENTS).then().body("key", not(hasItem(key)));

        tenant.platform().delete(ELEMENTS + "/" + key).then().statusCode(200);
        tenant.platform().get(ELEMENTS + "/" + key).then().statusCode(404);
    }

    @Test
    void invalidDescriptorNamesTheField() {
        tenant.platform().body("{\"key\": \"Bad Key\", \"name\": \"\"}").post(ELEMENTS).then().statusCode(400)
                .body("errors.field", hasItems("key", "name"));
    }

    @Test
    void invalidWebhookRulesAreRefusedWhenTheElementIsCreated() {
        tenant.platform().body("""
                {"key": "bad-rules-%d", "name": "Bad", "events": {"webhook": true},
                 "webhook": {"signature": {"scheme": "rot13", "secretKey": "x"}}}""".formatted(System.nanoTime()))
                .post(ELEMENTS).then().statusCode(400)
                .body("errors[0].field", containsString("signature"))
                .body("detail", containsString("webhook.signature.scheme names no known scheme; known: github"));
    }

    @Test
    void builtInsCannotBeDeletedOrShadowed() {
        tenant.platform().delete(ELEMENTS + "/twilio").then().statusCode(409);
        tenant.platform().body("{\"key\": \"twilio\", \"name\": \"Mine\"}").post(ELEMENTS).then().statusCode(409);
    }
}
