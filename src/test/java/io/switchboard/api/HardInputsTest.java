package io.switchboard.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.switchboard.TestTenant;

/** Input that used to be taken leniently, or answered without a problem document, or with Java names in it. */
@QuarkusTest
class HardInputsTest {

    static final String BASE = TestTenant.BASE;
    static TestTenant tenant;

    @BeforeEach
    void tenant() {
        tenant = TestTenant.of(getClass());
    }

    static ValidatableResponse problem(ValidatableResponse response, int status) {
        return ErrorResponsesTest.problem(response, status)
                .body(not(containsString("jackson")))
                .body(not(containsString("java.")))
                .body(not(containsString("FAIL_ON")));
    }

    long webhookInstance() {
        return ((Number) tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "hard",
                 "configuration": {"event.notification.enabled": "true"}}""").get("id")).longValue();
    }

    @Test
    void aJsonFieldOfTheWrongTypeIsAProblemNamingTheField() {
        long instance = webhookInstance();
        problem(tenant.platform().body("""
                {"title": ["x"], "instanceId": %d, "collection": "customers"}""".formatted(instance))
                .post(BASE + "/subscriptions").then(), 400).body("detail", containsString("title"));
        problem(tenant.platform().body("{\"instanceId\": \"abc\", \"collection\": \"customers\"}")
                .post(BASE + "/subscriptions").then(), 400).body("detail", containsString("instanceId"));
        problem(tenant.platform().header("Element-Instances", Long.toString(instance)).body("[")
                .post(BASE + "/hubs/messaging/messages").then(), 400);
        problem(tenant.platform().header("Element-Instances", Long.toString(instance)).body("{\"to\": {\"a\": 1}}")
                .post(BASE + "/hubs/messaging/messages").then(), 400).body("detail", containsString("to"));
    }

    @Test
    void trailingJsonNamesNoJavaTypeInTheAnswerNorInTheStoredReason() {
        long instance = webhookInstance();
        String receiptId = problem(given().contentType(ContentType.JSON).body("{\"a\":1}{\"b\":2}")
                .post(BASE + "/events/webhook/" + instance).then(), 400)
                .body("detail", containsString("more after its JSON value")).extract().path("receiptId");
        String stored = tenant.platform().get(BASE + "/instances/" + instance + "/events/" + receiptId).then()
                .statusCode(200).extract().asString();
        assertTrue(stored.contains("more after its JSON value"), stored);
        assertFalse(stored.contains("jackson") || stored.contains("FAIL_ON") || stored.contains("JsonNode"), stored);
        problem(tenant.platform().body("{\"name\": \"x\"} trailing").post(BASE + "/instances").then(), 400);
    }

    @Test
    void jsonNestedDeeperThanTheLimitIsA400OnIngestAndTheApi() {
        long instance = webhookInstance();
        String deep = "[".repeat(JsonErrors.MAX_NESTING_DEPTH + 1) + "]".repeat(JsonErrors.MAX_NESTING_DEPTH + 1);
        problem(given().contentType(ContentType.JSON).body(deep).post(BASE + "/events/webhook/" + instance).then(),
                400).body("detail", containsString("nested deeper than " + JsonErrors.MAX_NESTING_DEPTH));
        problem(tenant.platform().body("{\"name\": " + deep + "}").post(BASE + "/instances").then(), 400)
                .body("detail", containsString("nested deeper than " + JsonErrors.MAX_NESTING_DEPTH));
        String fine = "[".repeat(JsonErrors.MAX_NESTING_DEPTH - 1) + "]".repeat(JsonErrors.MAX_NESTING_DEPTH - 1);
        given().contentType(ContentType.JSON).body(fine).post(BASE + "/events/webhook/" + instance).then()
                .statusCode(200);
    }

    @Test
    void aNameOfOnlyNulCharactersIsRefused() {
        problem(tenant.platform().body("""
                {"element": {"key": "webhook"}, "name": "\\u0000\\u0000"}""").post(BASE + "/instances").then(), 400)
                .body("errors[0].field", equalTo("name"));
        problem(tenant.platform().body("""
                {"element": {"key": "webhook"}, "name": "ok", "tags": ["\\u0000"]}""").post(BASE + "/instances")
                .then(), 400).body("errors[0].field", equalTo("tags"));
    }

    @Test
    void tagsAndConfigurationKeysAreBounded() {
        String tags = "\"t\"" + ", \"t\"".repeat(60);
        problem(tenant.platform().body("{\"element\": {\"key\": \"webhook\"}, \"name\": \"n\", \"tags\": [" + tags
                + "]}").post(BASE + "/instances").then(), 400).body("detail", containsString("at most 50"));
        StringBuilder configuration = new StringBuilder("{");
        for (int i = 0; i < 201; i++) {
            configuration.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": \"v\"");
        }
        problem(tenant.platform().body("{\"element\": {\"key\": \"webhook\"}, \"name\": \"n\", \"configuration\": "
                + configuration + "}}").post(BASE + "/instances").then(), 400).body("detail", containsString("at most 200"));
    }

    @Test
    void anEmptyElementInstancesEntryIsRefused() {
        long instance = webhookInstance();
        problem(tenant.platform().header("Element-Instances", instance + ",," + instance)
                .get(BASE + "/instances/configuration").then(), 400).body("errors[0].field", equalTo("Element-Instances"));
        problem(given().contentType(ContentType.JSON).header("Element-Instances", instance + ",")
                .body("{\"id\": 1}").post(BASE + "/events/webhook").then(), 400)
                .body("errors[0].field", equalTo("Element-Instances"));
        tenant.platform().header("Element-Instances", " " + instance + " ").get(BASE + "/instances/configuration")
                .then().statusCode(200);
    }

    @Test
    void anAuthorizationHeaderWithATrailingCommaIs401() {
        problem(given().header("Authorization", tenant.authorization() + ",").get(BASE + "/instances").then(), 401);
        problem(given().header("Authorization", tenant.authorization() + ", ").get(BASE + "/instances").then(), 401);
        given().header("Authorization", tenant.authorization()).get(BASE + "/instances").then().statusCode(200);
    }

    @Test
    void subscribingToAnotherOrganizationsInstanceIs404() {
        TestTenant other = TestTenant.create();
        long foreign = ((Number) other.createInstance("""
                {"element": {"key": "webhook"}, "name": "theirs", "configuration": {}}""").get("id")).longValue();
        problem(tenant.platform().body(Map.of("instanceId", foreign, "collection", "customers"))
                .post(BASE + "/subscriptions").then(), 404).body("detail", not(containsString("theirs")));
    }
}
