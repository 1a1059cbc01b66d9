package io.switchboard.instance;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.TestTenant;

/** The details Open Connectors' own API tests check (API.md §3, §4). */
@QuarkusTest
class OpenConnectorsDetailsTest {

    static final String ELEMENTS = TestTenant.BASE + "/elements";
    static final String INSTANCES = TestTenant.BASE + "/instances";
    static TestTenant tenant;

    @BeforeEach
    void tenant() {
        tenant = TestTenant.of(getClass());
    }

    @Test
    void namesAndTagsAreStoredWithoutHtmlMarkup() {
        long id = ((Number) tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "<b>hooks</b> <!-- x -->in",
                 "tags": ["<a href=\\"#\\">orders</a>", "eu"]}""").get("id")).longValue();
        tenant.platform().get(INSTANCES + "/" + id).then().statusCode(200)
                .body("name", equalTo("hooks in"))
                .body("tags", equalTo(List.of("orders", "eu")));
        tenant.platform().body("{\"name\": \"<i></i>\"}").patch(INSTANCES + "/" + id).then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        tenant.platform().body("{\"tags\": [\"ok\", \"<br/>\"]}").patch(INSTANCES + "/" + id).then()
                .statusCode(400).body("errors[0].field", equalTo("tags"));
    }

    @Test
    void theCreatorsNamesAreStringsNeverNull() {
        // TestTenant's user is made without first or last name
        tenant.platform().body("{\"element\": {\"key\": \"webhook\"}, \"name\": \"n\"}").post(INSTANCES).then()
                .statusCode(200).body("user.firstName", equalTo("")).body("user.lastName", equalTo(""));
    }

    @Test
    void everyElementHasANumericIdThatWorksAsItsKey() {
        int stripe = tenant.platform().get(ELEMENTS + "/stripe").then().statusCode(200).extract().path("id");
        tenant.platform().get(ELEMENTS + "/" + stripe).then().statusCode(200).body("key", equalTo("stripe"));
        tenant.platform().get(ELEMENTS + "/" + stripe + "/metadata").then().statusCode(200)
                .body("events.supported", equalTo(true));

        String key = "oc-" + System.nanoTime();
        int custom = tenant.platform().body("""
                {"id": 3, "key": "%s", "name": "Acme", "events": {"webhook": true}}""".formatted(key))
                .post(ELEMENTS).then().statusCode(201).body("id", greaterThanOrEqualTo(1001)).extract().path("id");
        tenant.platform().get(ELEMENTS + "/" + custom).then().statusCode(200).body("key", equalTo(key));
        tenant.platform().get(ELEMENTS).then().body("find { it.key == '%s' }.id".formatted(key), equalTo(custom));
        TestTenant.create().platform().get(ELEMENTS + "/" + custom).then().statusCode(404);
        tenant.platform().delete(ELEMENTS + "/" + custom).then().statusCode(200).body("key", equalTo(key));
        tenant.platform().get(ELEMENTS + "/" + key).then().statusCode(404);
    }

    @Test
    void instancesAreCreatedUnderTheirElementByKeyOrId() {
        int webhook = tenant.platform().get(ELEMENTS + "/webhook").then().extract().path("id");
        tenant.platform().body("{\"name\": \"by-id\"}").post(ELEMENTS + "/" + webhook + "/instances").then()
                .statusCode(200).body("element.key", equalTo("webhook")).body("name", equalTo("by-id"))
                .body("webhookUrl", containsString("/events/webhook/"));
        tenant.platform().body("{\"name\": \"by-key\", \"configuration\": {\"event.notification.enabled\": true}}")
                .post(ELEMENTS + "/stripe/instances").then().statusCode(200).body("element.key", equalTo("stripe"))
                .body("eventsEnabled", equalTo(true));
        tenant.platform().body("{\"name\": \"x\"}").post(ELEMENTS + "/nope/instances").then().statusCode(404);
    }
}
