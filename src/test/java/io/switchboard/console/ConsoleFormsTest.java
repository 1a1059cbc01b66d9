package io.switchboard.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.switchboard.LocalServers;
import io.switchboard.TestTenant;

/**
 * The console's forms over plain HTTP, each checked against what the API then shows: messages, subscriptions,
 * "poll now", the admin's failure policy, and the 404 page of a console path that does not exist.
 */
@QuarkusTest
class ConsoleFormsTest {

    private static final String MILLIS_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern(MILLIS_PATTERN)
            .withZone(ZoneOffset.UTC);
    private static WireMockServer vendor;

    static synchronized WireMockServer vendor() {
        if (vendor == null) {
            vendor = LocalServers.start(options());
        }
        return vendor;
    }

    @AfterAll
    static void stop() {
        if (vendor != null) {
            vendor.stop();
            vendor = null;
        }
    }

    static RequestSpecification as(String session) {
        return given().redirects().follow(false).cookie("switchboard_session", session);
    }

    static Response form(String session, String csrf, String path, Map<String, String> fields) {
        RequestSpecification request = as(session).contentType("application/x-www-form-urlencoded")
                .formParam("csrf", csrf);
        fields.forEach(request::formParam);
        return request.post(path);
    }

    /** The organization's failure policy in {@code GET /admin/organizations}. */
    static String policyOf(TestTenant tenant) {
        return "find { it.id == " + tenant.organizationId() + " }['notification.webhook.failure.policy']";
    }

    static long id(Map<String, Object> instance) {
        return ((Number) instance.get("id")).longValue();
    }

    @Test
    void aMessageSentFromTheFormIsListedWithItsTimeline() {
        TestTenant tenant = TestTenant.of(ConsoleFormsTest.class);
        String account = "AC" + UUID.randomUUID().toString().replace("-", "");
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        String twilioPath = "/2010-04-01/Accounts/" + account + "/Messages.json";
        vendor().stubFor(post(urlPathEqualTo(twilioPath)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"sid": "%s", "status": "queued", "to": "+14155550100", "from": "+14155550199",
                         "num_segments": "1", "date_created": "Sun, 22 Nov 2026 10:15:30 +0000"}""".formatted(sid))));
        Map<String, Object> twilio = tenant.createInstance("""
                {"element": {"key": "twilio"}, "name": "sms",
                 "configuration": {"twilio.account.sid": "%s", "twilio.auth.token": "auth-token",
                                   "twilio.base.url": "http://127.0.0.1:%d"}}""".formatted(account, vendor().port()));
        long sms = id(twilio);
        String session = ConsolePagesTest.signIn(tenant);
        String csrf = ConsolePagesTest.csrf(session, "/console/messages");

        form(session, csrf, "/console/messages", Map.of("instanceId", String.valueOf(sms), "to", "not-a-number",
                "from", "+14155550199", "message", "hello")).then().statusCode(400)
                .body(containsString("field-error")).body(containsString("value=\"not-a-number\""));
        assertEquals(0, vendor().findAll(postRequestedFor(urlPathEqualTo(twilioPath))).size(),
                "an invalid number never reaches Twilio");

        form(session, csrf, "/console/messages", Map.of("instanceId", String.valueOf(sms), "to", "+14155550100",
                "from", "+14155550199", "message", "hello <b>there</b>")).then().statusCode(303)
                .header("Location", containsString("sent=" + sid));
        assertEquals(1, vendor().findAll(postRequestedFor(urlPathEqualTo(twilioPath))).size());
        String page = as(session).get("/console/messages?instance=" + sms).then().statusCode(200).extract().asString();
        assertTrue(page.contains("taken by Twilio (<code>" + sid + "</code>)"), page);
        assertTrue(page.contains("<span class=\"status\">queued</span>"), page);
        assertTrue(page.contains("hello &lt;b&gt;there&lt;/b&gt;"), "the text is escaped: " + page);
        given().header("Authorization", tenant.elementAuthorization((String) twilio.get("token")))
                .get(TestTenant.BASE + "/hubs/messaging/messages/" + sid).then().statusCode(200)
                .body("status", equalTo("queued")).body("message", equalTo("hello <b>there</b>"));
    }

    @Test
    void aSubscriptionIsCreatedWithItsFilterCheckedAndDeleted() {
        TestTenant tenant = TestTenant.of(ConsoleFormsTest.class, "subscriptions");
        long instance = id(tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "subs", "configuration": {}}"""));
        String session = ConsolePagesTest.signIn(tenant);
        String csrf = ConsolePagesTest.csrf(session, "/console/subscriptions");

        form(session, csrf, "/console/subscriptions", Map.of("title", "orders", "instanceId",
                String.valueOf(instance), "collection", "orders", "filter", "amount gt 10 and")).then()
                .statusCode(400).body(containsString("filter-problem")).body(containsString("position"));
        tenant.platform().get(TestTenant.BASE + "/subscriptions").then().statusCode(200)
                .body("size()", equalTo(0));

        form(session, csrf, "/console/subscriptions", Map.of("title", "orders", "instanceId",
                String.valueOf(instance), "collection", "orders", "filter", "amount gt 10",
                "changeType", "CREATED, UPDATED")).then().statusCode(303);
        List<Map<String, Object>> created = tenant.platform().get(TestTenant.BASE + "/subscriptions").then()
                .statusCode(200).body("size()", equalTo(1)).body("[0].title", equalTo("orders"))
                .body("[0].filter", equalTo("amount gt 10")).extract().jsonPath().getList("$");
        String id = String.valueOf(created.get(0).get("id"));
        as(session).get("/console/subscriptions").then().statusCode(200).body(containsString("amount gt 10"))
                .body(containsString("/console/subscriptions/" + id + "/delete"));

        form(session, csrf, "/console/subscriptions/" + id + "/delete", Map.of()).then().statusCode(303);
        tenant.platform().get(TestTenant.BASE + "/subscriptions").then().statusCode(200).body("size()", equalTo(0));
        as(session).get("/console/subscriptions").then().statusCode(200).body(containsString("No subscriptions yet"));
    }

    @Test
    void pollNowRunsThePollAndOpensItsReceipt() {
        TestTenant tenant = TestTenant.of(ConsoleFormsTest.class, "poll");
        String path = "/crm/" + UUID.randomUUID() + "/contacts";
        long polled = id(tenant.createInstance("""
                {"element": {"key": "rest"}, "name": "crm",
                 "configuration": {"rest.base.url": "http://127.0.0.1:%d", "event.notification.enabled": "true",
                   "event.vendor.type": "polling", "event.poller.refresh_interval": "600",
                   "event.poller.configuration": {"contacts": {"url": "%s", "idField": "id",
                     "datesConfiguration": {"updatedDateField": "meta.updatedAt", "updatedDateFormat": "%s",
                                            "createdDateField": "meta.createdAt", "createdDateFormat": "%s"}}}}}"""
                .formatted(vendor().port(), path, MILLIS_PATTERN, MILLIS_PATTERN)));
        // Changed after the instance started its watermark, so the first poll reports it.
        String changed = MILLIS.format(Instant.now());
        vendor().stubFor(get(urlPathEqualTo(path)).willReturn(okJson("""
                [{"id": "c-1", "meta": {"createdAt": "%s", "updatedAt": "%s"}}]""".formatted(changed, changed))));
        long hook = id(tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "not-polled", "configuration": {}}"""));
        String session = ConsolePagesTest.signIn(tenant);
        as(session).get("/console/instances/" + hook).then().statusCode(200).body(not(containsString("poll-now")));
        String csrf = ConsolePagesTest.csrf(session, "/console/instances/" + polled);
        as(session).get("/console/instances/" + polled).then().statusCode(200).body(containsString("id=\"poll-now\""));

        String receipt = form(session, csrf, "/console/instances/" + polled + "/poll", Map.of()).then()
                .statusCode(303).extract().header("Location");
        assertTrue(receipt.contains("/console/instances/" + polled + "/events/"), receipt);
        tenant.platform().get(TestTenant.BASE + "/instances/" + polled + "/events").then().statusCode(200)
                .body("[0].source", equalTo("polling")).body("[0].id", equalTo(receipt.replaceAll(".*/", "")));
        as(session).get(receipt).then().statusCode(200).body(containsString("c-1"));

        vendor().stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(500).withBody("down")));
        form(session, csrf, "/console/instances/" + polled + "/poll", Map.of()).then().statusCode(502)
                .body(containsString("The poll did not run through")).body(containsString("id=\"failed-poll\""));
        form(session, csrf, "/console/instances/" + hook + "/poll", Map.of()).then().statusCode(409)
                .body(containsString("is not polled"));
    }

    @Test
    void theAdminSetsAnOrganizationsFailurePolicy() {
        TestTenant tenant = TestTenant.of(ConsoleFormsTest.class, "policy");
        String admin = as("").contentType("application/x-www-form-urlencoded")
                .formParam("adminKey", TestTenant.ADMIN_KEY).post("/console/sign-in").then().statusCode(303)
                .extract().cookie("switchboard_session");
        String page = "/console/admin/organizations/" + tenant.organizationId();
        String csrf = ConsolePagesTest.csrf(admin, page);

        form(admin, csrf, page + "/failure-policy", Map.of("policy", "queue")).then().statusCode(303);
        given().auth().oauth2(TestTenant.ADMIN_KEY).get("/admin/organizations").then().statusCode(200)
                .body(policyOf(tenant), equalTo("queue"));
        as(admin).get(page).then().statusCode(200).body(containsString("<option value=\"queue\" selected>"));

        form(admin, csrf, page + "/failure-policy", Map.of("policy", "drop")).then().statusCode(400)
                .contentType(containsString("text/html")).body(containsString("must be"));
        given().auth().oauth2(TestTenant.ADMIN_KEY).get("/admin/organizations").then().statusCode(200)
                .body(policyOf(tenant), equalTo("queue"));

        String user = ConsolePagesTest.signIn(tenant);
        form(user, ConsolePagesTest.csrf(user, "/console/instances"), page + "/failure-policy",
                Map.of("policy", "retry")).then().statusCode(403);
    }

    @Test
    void aConsolePathThatDoesNotExistIsAnHtmlPageForABrowserAndAProblemForAnApiClient() {
        for (String path : new String[] { "/console/nothing-here", "/console/instances/abc",
                "/console/instances/1/nope/deeper" }) {
            given().header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").get(path).then().statusCode(404)
                    .contentType(containsString("text/html")).body(containsString("id=\"error-title\">Not found"))
                    .body(containsString("/console/static/console.css"));
            given().accept("application/json").get(path).then().statusCode(404)
                    .contentType(containsString("application/problem+json")).body("status", equalTo(404));
        }
        given().header("Accept", "text/html").get("/console/<script>x</script>").then().statusCode(404)
                .body(not(containsString("<script>x"))).body(containsString("/console/&lt;script&gt;x&lt;/script&gt;"));
        given().header("Accept", "text/html").get("/console/sign-out").then().statusCode(405)
                .contentType(containsString("text/html")).body(containsString("id=\"error-title\">Not a page"));
        given().header("Accept", "text/html").get(TestTenant.BASE + "/nothing").then().statusCode(404)
                .contentType(containsString("application/problem+json"));
        List<String> paths = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath()
                .getMap("paths").keySet().stream().map(String::valueOf).toList();
        org.hamcrest.MatcherAssert.assertThat(paths, not(hasItem(containsString("/console"))));
    }
}
