package io.switchboard.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.switchboard.TestTenant;

/** Every error status of API.md §1 leaves as problem+json with a detail, a message and a requestId. */
@QuarkusTest
class ErrorResponsesTest {

    static final String INSTANCES = TestTenant.BASE + "/instances";
    static TestTenant tenant;

    @TestHTTPResource("/")
    URI root;

    @BeforeEach
    void tenant() {
        tenant = TestTenant.of(getClass());
    }

    static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("detail", notNullValue())
                .body("message", notNullValue())
                .body("requestId", notNullValue())
                .body(not(containsString("Exception")))
                .body(not(containsString("io.switchboard")));
    }

    @Test
    void noAuthorizationHeaderIs401() {
        problem(given().get(INSTANCES).then(), 401).body("detail", containsString("Authorization"));
    }

    @Test
    void malformedAuthorizationHeaderIs401() {
        problem(given().header("Authorization", "Basic dXNlcjpwYXNz").get(INSTANCES).then(), 401)
                .body("detail", containsString("malformed"));
        problem(given().header("Authorization", "User , Organization x").get(INSTANCES).then(), 401);
    }

    @Test
    void wrongSecretIs401() {
        problem(given().header("Authorization", "User " + tenant.userSecret() + ", Organization wrong")
                .get(INSTANCES).then(), 401);
        problem(given().header("Authorization", "User wrong, Organization " + tenant.organizationSecret())
                .get(INSTANCES).then(), 401);
        // A user of another organization with this organization's secret.
        TestTenant other = TestTenant.create();
        problem(given().header("Authorization", "User " + other.userSecret() + ", Organization "
                + tenant.organizationSecret()).get(INSTANCES).then(), 401);
    }

    @Test
    void adminKeyOnAPlatformEndpointIs401() {
        problem(given().auth().oauth2(TestTenant.ADMIN_KEY).get(INSTANCES).then(), 401);
    }

    @Test
    void unknownPathIs404() {
        problem(tenant.platform().get(TestTenant.BASE + "/no-such-thing").then(), 404)
                .body("detail", containsString("/no-such-thing"));
        problem(given().get("/nowhere").then(), 404);
    }

    @Test
    void unknownIdIs404() {
        problem(tenant.platform().get(INSTANCES + "/987654321").then(), 404).body("detail", containsString("987654321"));
    }

    @Test
    void wrongMethodIs405() {
        problem(tenant.platform().delete(TestTenant.BASE + "/elements").then(), 405);
    }

    @Test
    void unacceptableMediaTypeIs406() {
        problem(tenant.platform().accept("application/xml").get(TestTenant.BASE + "/elements").then(), 406);
    }

    @Test
    void unsupportedContentTypeIs415() {
        problem(given().header("Authorization", tenant.authorization()).contentType("text/plain").body("hello")
                .post(INSTANCES).then(), 415).body("detail", containsString("text/plain"));
    }

    @Test
    void invalidJsonIs400SayingSo() {
        problem(tenant.platform().body("{\"name\": ").post(INSTANCES).then(), 400)
                .body("detail", containsString("not valid JSON"));
        problem(tenant.platform().body("[1, 2]").post(INSTANCES).then(), 400);
    }

    @Test
    void aNulCharacterInAValueIs400AndNothingIsStored() {
        String name = "nul-" + System.nanoTime();
        problem(tenant.platform().body("{\"element\": {\"key\": \"webhook\"}, \"name\": \"" + name + "\", "
                + "\"configuration\": {\"event.notification.enabled\": \"true\", \"note\": \"a\\u0000b\"}}")
                .post(INSTANCES).then(), 400).body("detail", containsString("NUL character (U+0000"));
        tenant.platform().get(INSTANCES).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(name)));
    }

    @Test
    void emptyBodyIsAnsweredAtOnce() {
        // An empty body once left the request waiting until shutdown.
        problem(tenant.platform().body("").post(INSTANCES).then().time(org.hamcrest.Matchers.lessThan(5000L)), 400);
        given().contentType(ContentType.JSON).body("").post(TestTenant.BASE + "/events/webhook/1")
                .then().time(org.hamcrest.Matchers.lessThan(5000L));
    }

    @Test
    void unknownFieldsAreIgnored() {
        tenant.platform().body("{\"element\": {\"key\": \"stripe\"}, \"name\": \"x\", \"colour\": \"blue\"}")
                .post(INSTANCES).then().statusCode(200);
    }

    @Test
    void conflictIs409() {
        String descriptor = "{\"key\": \"dup-" + System.nanoTime() + "\", \"name\": \"Dup\"}";
        tenant.platform().body(descriptor).post(TestTenant.BASE + "/elements").then().statusCode(201);
        problem(tenant.platform().body(descriptor).post(TestTenant.BASE + "/elements").then(), 409)
                .body("detail", containsString("exists"));
    }

    @Test
    void bodyOverTheLimitIs413WithContentLength() {
        byte[] big = new byte[5 * 1024 * 1024 + 1];
        Arrays.fill(big, (byte) 'a');
        problem(tenant.platform().body(big).post(INSTANCES).then(), 413)
                .body("detail", containsString("switchboard.http.max-body"));
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        // Valid JSON up to the limit and beyond, so that only the limit can stop it.
        byte[] big = new byte[6 * 1024 * 1024];
        Arrays.fill(big, (byte) 'a');
        byte[] open = "{\"name\": \"".getBytes();
        System.arraycopy(open, 0, big, 0, open.length);
        HttpRequest request = HttpRequest.newBuilder(root.resolve(INSTANCES.substring(1)))
                .header("Authorization", tenant.authorization())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> (InputStream) new ByteArrayInputStream(big)))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("\"requestId\""), response.body());
    }

    @Test
    void elementTokenAloneOnAPlatformEndpointIs403() {
        String token = (String) tenant.createInstance("{\"element\": {\"key\": \"stripe\"}, \"name\": \"t\"}").get("token");
        problem(given().header("Authorization", tenant.elementAuthorization(token)).get(INSTANCES).then(), 403);
    }

    @Test
    void noSecretValueAppearsInAValidationError() {
        String body = tenant.platform().body("""
                {"element": {"key": "twilio"}, "name": "x",
                 "configuration": {"twilio.auth.token": "VERY-SECRET", "event.notification.callback.url": "nope"}}""")
                .post(INSTANCES).then().statusCode(400).extract().asString();
        assertFalse(body.contains("VERY-SECRET"), body);
    }
}
