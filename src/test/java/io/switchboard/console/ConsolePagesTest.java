package io.switchboard.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.TestTenant;

/** The console's pages over plain HTTP: sign-in, cookies, CSRF, scoping and the admin split. */
@QuarkusTest
class ConsolePagesTest {

    static String signIn(TestTenant tenant) {
        Response response = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("userSecret", tenant.userSecret()).formParam("organizationSecret", tenant.organizationSecret())
                .post("/console/sign-in");
        assertEquals(303, response.statusCode(), response.asString());
        return response.cookie("switchboard_session");
    }

    static String csrf(String session, String page) {
        String html = given().cookie("switchboard_session", session).get(page).then().statusCode(200).extract().asString();
        int at = html.indexOf("name=\"csrf\" value=\"");
        assertTrue(at > 0, "no CSRF token on " + page);
        int start = at + "name=\"csrf\" value=\"".length();
        return html.substring(start, html.indexOf('"', start));
    }

    @Test
    void cookieIsHttpOnlyStrictAndScopedToTheConsole() {
        TestTenant tenant = TestTenant.of(ConsolePagesTest.class);
        String header = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("userSecret", tenant.userSecret()).formParam("organizationSecret", tenant.organizationSecret())
                .post("/console/sign-in").then().statusCode(303).extract().header("Set-Cookie");
        assertTrue(header.contains("HttpOnly"), header);
        assertTrue(header.contains("SameSite=Strict"), header);
        assertTrue(header.contains("Path=/console"), header);
        assertTrue(!header.contains("Secure"), "no Secure on an http public URL: " + header);
    }

    @Test
    void withoutASessionEveryPageSendsToSignIn() {
        given().redirects().follow(false).get("/console/instances").then().statusCode(303)
                .header("Location", containsString("/console/sign-in"));
        given().get("/console/sign-in").then().statusCode(200).body(containsString("User secret"));
    }

    @Test
    void wrongSecretsAreAClearMessage() {
        given().contentType("application/x-www-form-urlencoded").formParam("userSecret", "nope")
                .formParam("organizationSecret", "nope").post("/console/sign-in").then().statusCode(401)
                .body(containsString("is not valid"));
    }

    @Test
    void pagesRender() {
        TestTenant tenant = TestTenant.of(ConsolePagesTest.class);
        Map<String, Object> instance = tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "pages", "configuration": {}}""");
        String session = signIn(tenant);
        for (String page : new String[] { "/console", "/console/instances", "/console/instances/new",
                "/console/instances/new?element=twilio", "/console/instances/" + instance.get("id"),
                "/console/instances/" + instance.get("id") + "/events", "/console/elements", "/console/elements/stripe",
                "/console/elements/webhook/copy", "/console/deliveries", "/console/subscriptions",
                "/console/subscriptions/feed", "/console/messages" }) {
            given().cookie("switchboard_session", session).get(page).then().log().ifValidationFails().statusCode(200)
                    .contentType(containsString("text/html")).body(containsString("Sign out"));
        }
        String overview = given().cookie("switchboard_session", session).get("/console").then().statusCode(200)
                .extract().asString();
        assertEquals(7, overview.split("<svg ", -1).length - 1, "the overview draws its seven charts");
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefused() {
        TestTenant tenant = TestTenant.of(ConsolePagesTest.class);
        Map<String, Object> instance = tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "csrf", "configuration": {}}""");
        String session = signIn(tenant);
        given().cookie("switchboard_session", session).contentType("application/x-www-form-urlencoded")
                .formParam("enabled", "false").post("/console/instances/" + instance.get("id") + "/enabled")
                .then().statusCode(403).body(containsString("CSRF"));
        tenant.platform().get(TestTenant.BASE + "/instances/" + instance.get("id")).then().statusCode(200)
                .body("disabled", org.hamcrest.Matchers.equalTo(false));
        String csrf = csrf(session, "/console/instances/" + instance.get("id"));
        given().redirects().follow(false).cookie("switchboard_session", session)
                .contentType("application/x-www-form-urlencoded").formParam("enabled", "false").formParam("csrf", csrf)
                .post("/console/instances/" + instance.get("id") + "/enabled").then().statusCode(303);
        tenant.platform().get(TestTenant.BASE + "/instances/" + instance.get("id")).then().statusCode(200)
                .body("disabled", org.hamcrest.Matchers.equalTo(true));
    }

    @Test
    void anotherOrganizationsInstanceIsANotFoundPage() {
        TestTenant tenant = TestTenant.of(ConsolePagesTest.class);
        TestTenant other = TestTenant.of(ConsolePagesTest.class, "other");
        Map<String, Object> instance = tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "mine", "configuration": {}}""");
        String otherSession = signIn(other);
        given().cookie("switchboard_session", otherSession).get("/console/instances/" + instance.get("id"))
                .then().statusCode(404).contentType(containsString("text/html")).body(containsString("Not found"))
                .body(not(containsString("mine")));
    }

    @Test
    void afterSignOutTheOldCookieNoLongerWorks() {
        TestTenant tenant = TestTenant.of(ConsolePagesTest.class);
        String session = signIn(tenant);
        String csrf = csrf(session, "/console/instances");
        given().redirects().follow(false).cookie("switchboard_session", session)
                .contentType("application/x-www-form-urlencoded").formParam("csrf", csrf).post("/console/sign-out")
                .then().statusCode(303);
        given().redirects().follow(false).cookie("switchboard_session", session).get("/console/instances")
                .then().statusCode(303).header("Location", containsString("/console/sign-in"));
    }

    @Test
    void theFilterIsCheckedAsTheApiChecksIt() {
        String session = signIn(TestTenant.of(ConsolePagesTest.class));
        given().cookie("switchboard_session", session).queryParam("filter", "name eq 'a' and")
                .get("/console/subscriptions/filter-check").then().statusCode(200)
                .body(containsString("is invalid at position"));
        given().cookie("switchboard_session", session).queryParam("filter", "name eq 'a'")
                .get("/console/subscriptions/filter-check").then().statusCode(200)
                .body(containsString("The filter is valid"));
    }

    @Test
    void aCustomElementFromACopyShowsTheDescriptorsErrors() {
        TestTenant tenant = TestTenant.of(ConsolePagesTest.class);
        String session = signIn(tenant);
        String csrf = csrf(session, "/console/elements/webhook/copy");
        given().cookie("switchboard_session", session).contentType("application/x-www-form-urlencoded")
                .formParam("csrf", csrf).formParam("descriptor", "{\"key\": \"Bad Key\", \"name\": \"\"}")
                .post("/console/elements/webhook/copy").then().statusCode(400)
                .body(containsString("descriptor-errors")).body(containsString("lower-case letters"));
        given().redirects().follow(false).cookie("switchboard_session", session)
                .contentType("application/x-www-form-urlencoded").formParam("csrf", csrf)
                .formParam("descriptor", "{\"key\": \"acme-hooks\", \"name\": \"Acme hooks\", "
                        + "\"events\": {\"webhook\": true}}")
                .post("/console/elements/webhook/copy").then().statusCode(303)
                .header("Location", containsString("/console/elements/acme-hooks"));
        tenant.platform().get(TestTenant.BASE + "/elements/acme-hooks").then().statusCode(200);
    }

    @Test
    void consolePathsStayOutOfTheOpenApiDocument() {
        given().get("/q/openapi?format=json").then().statusCode(200).body(not(containsString("/console")));
    }
}
