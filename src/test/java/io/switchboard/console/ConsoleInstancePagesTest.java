package io.switchboard.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.CallbackReceiver;
import io.switchboard.InjectCallbackReceiver;
import io.switchboard.TestDb;
import io.switchboard.TestTenant;
import io.switchboard.tenant.Secrets;

/**
 * The instance pages over plain HTTP, each action checked against what the API then shows: the list's filters and
 * badges, the generated create form, configuration edits with PATCH semantics, the events filters, redeliver all,
 * the test event, delete, and the session's idle end.
 */
@QuarkusTest
class ConsoleInstancePagesTest {

    @InjectCallbackReceiver
    CallbackReceiver callbacks;

    private static final Pattern INSTANCE_LINK = Pattern.compile("href=\"/console/instances/([0-9]+)\"");

    @Inject
    DataSource dataSource;

    static String page(String session, String path) {
        return ConsoleFormsTest.as(session).get(path).then().statusCode(200).extract().asString();
    }

    /** The instances a list page links to, in order. */
    static Set<Long> listed(String html) {
        Set<Long> ids = new LinkedHashSet<>();
        Matcher m = INSTANCE_LINK.matcher(html);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    long webhook(TestTenant tenant, String name, String tags, String callbackPath) {
        return ConsoleFormsTest.id(tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "%s", "tags": %s, "configuration": {%s}}""".formatted(name,
                tags, callbackPath == null ? "" : "\"event.notification.enabled\": \"true\", "
                        + "\"event.notification.callback.url\": \"" + callbacks.url(callbackPath) + "\"")));
    }

    static String status(TestTenant tenant, long instance) {
        return tenant.platform().get(TestTenant.BASE + "/instances/" + instance + "/deliveries").then()
                .statusCode(200).extract().path("[0].status");
    }

    @Test
    void theListFiltersByNameTagElementAndStateAndMarksFailingInstances() {
        TestTenant tenant = TestTenant.of(ConsoleInstancePagesTest.class, "list");
        String failingPath = "/callback/" + UUID.randomUUID();
        callbacks.server().stubFor(post(urlPathEqualTo(failingPath)).willReturn(aResponse().withStatus(500)));
        long alpha = webhook(tenant, "alpha", "[\"blue\"]", failingPath);
        long beta = webhook(tenant, "beta", "[\"green\"]", null);
        tenant.platform().delete(TestTenant.BASE + "/instances/" + beta + "/enabled").then().statusCode(200);
        given().contentType("application/json").body("{\"id\": \"a-1\"}")
                .post(TestTenant.BASE + "/events/webhook/" + alpha).then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(status(tenant, alpha)));
        String session = ConsolePagesTest.signIn(tenant);

        assertEquals(Set.of(alpha, beta), listed(page(session, "/console/instances")));
        assertEquals(Set.of(alpha), listed(page(session, "/console/instances?name=ALP")));
        assertEquals(Set.of(beta), listed(page(session, "/console/instances?tag=green")));
        assertEquals(Set.of(beta), listed(page(session, "/console/instances?enabled=false")));
        assertEquals(Set.of(alpha), listed(page(session, "/console/instances?enabled=true&element=webhook")));
        assertEquals(Set.of(), listed(page(session, "/console/instances?element=stripe")));

        String alphaRow = page(session, "/console/instances?name=alpha");
        assertTrue(alphaRow.contains("<span class=\"badge bad\">failing</span>"), alphaRow);
        assertTrue(alphaRow.contains("href=\"/console/instances/" + alpha + "/events\""), "last receipt: " + alphaRow);
        String betaRow = page(session, "/console/instances?name=beta");
        assertTrue(betaRow.contains("none yet") && !betaRow.contains("failing"), betaRow);
        assertTrue(betaRow.contains("<span class=\"badge\">disabled</span>"), betaRow);
    }

    @Test
    void theCreateFormMarksRequiredKeysHidesSecretsAndShowsDefaults() {
        String session = ConsolePagesTest.signIn(TestTenant.of(ConsoleInstancePagesTest.class));
        String form = page(session, "/console/instances/new?element=twilio");
        assertTrue(form.contains("<input type=\"password\" id=\"config-twilio-auth-token\""), form);
        assertTrue(form.contains("<input type=\"text\" id=\"config-twilio-account-sid\""), form);
        assertTrue(Pattern.compile("<label for=\"config-twilio-account-sid\">[^<]*<abbr title=\"required\"")
                .matcher(form).find(), "twilio.account.sid is marked required: " + form);
        assertTrue(form.contains("placeholder=\"default: https://api.twilio.com\""), form);
        assertTrue(!Pattern.compile("<label for=\"config-twilio-default-sender\">[^<]*<abbr").matcher(form).find(),
                "an optional key is not marked");
    }

    @Test
    void aConfigurationEditSendsOnlyWhatChangedAndKeepsAnUntypedSecret() {
        TestTenant tenant = TestTenant.of(ConsoleInstancePagesTest.class, "edit");
        long id = ConsoleFormsTest.id(tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "edit", "configuration": {
                  "webhook.signature.key": "original-secret", "webhook.objects.path": "items",
                  "webhook.date.path": "at", "event.notification.enabled": "true",
                  "event.notification.callback.url": "%s"}}""".formatted(callbacks.url(
                callbacks.newCallback()))));
        String session = ConsolePagesTest.signIn(tenant);
        String csrf = ConsolePagesTest.csrf(session, "/console/instances/" + id);
        String shown = page(session, "/console/instances/" + id);
        assertTrue(!shown.contains("original-secret"), "a secret is never shown");

        ConsoleFormsTest.form(session, csrf, "/console/instances/" + id + "/configuration", Map.of(
                "config:webhook.signature.key", "", "config:webhook.objects.path", "records",
                "config:webhook.date.path", "", "config:webhook.object.id.path", "")).then().statusCode(303)
                .header("Location", containsString("saved=2"));
        Map<String, Object> configuration = tenant.platform().get(TestTenant.BASE + "/instances/" + id).then()
                .statusCode(200).extract().path("configuration");
        assertEquals("records", configuration.get("webhook.objects.path"));
        assertTrue(!configuration.containsKey("webhook.date.path"), "an emptied key is removed: " + configuration);
        assertTrue(configuration.containsKey("webhook.signature.key"), "the secret stays: " + configuration);
        assertTrue(page(session, "/console/instances/" + id + "?saved=2").contains("Saved 2 change(s)."));

        // The signature key is still the original one: an empty secret field sent nothing.
        byte[] body = "{\"records\": []}".getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json").body(body).post(TestTenant.BASE + "/events/webhook/" + id).then()
                .statusCode(401);
        given().contentType("application/json").header("X-Signature", "sha256=" + hmac("original-secret", body))
                .body(body).post(TestTenant.BASE + "/events/webhook/" + id).then().statusCode(200);
    }

    @Test
    void eventsFilterByStatusAndDateAndRedeliverAllSendsTheFailedAgain() {
        TestTenant tenant = TestTenant.of(ConsoleInstancePagesTest.class, "events");
        String path = "/callback/" + UUID.randomUUID();
        callbacks.server().stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(500)));
        long id = webhook(tenant, "events", "[]", path);
        String session = ConsolePagesTest.signIn(tenant);
        String csrf = ConsolePagesTest.csrf(session, "/console/instances/" + id);
        ConsoleFormsTest.form(session, csrf, "/console/instances/" + id + "/test-event",
                Map.of("body", "{\"id\": \"t-1\"}")).then().statusCode(303)
                .header("Location", containsString("/console/instances/" + id + "/events"));
        List<String> receipts = tenant.platform().get(TestTenant.BASE + "/instances/" + id + "/events").then()
                .statusCode(200).extract().path("id");
        assertEquals(1, receipts.size(), "the test event went through the ingest: " + receipts);
        String receipt = receipts.get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(status(tenant, id)));

        String events = "/console/instances/" + id + "/events";
        assertTrue(page(session, events + "?status=FAILED").contains(receipt));
        assertTrue(!page(session, events + "?status=NOTIFIED").contains(receipt));
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        assertTrue(page(session, events + "?from=" + today + "&to=" + today).contains(receipt));
        assertTrue(!page(session, events + "?from=" + tomorrow).contains(receipt));
        ConsoleFormsTest.as(session).get(events + "?status=LOST").then().statusCode(400)
                .contentType(containsString("text/html")).body(containsString("must be one of"));
        ConsoleFormsTest.as(session).get(events + "?from=yesterday").then().statusCode(400)
                .body(containsString("2026-12-01"));

        callbacks.server().stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        ConsoleFormsTest.form(session, csrf, events + "/redeliver", Map.of("status", "FAILED")).then()
                .statusCode(303).header("Location", containsString("redelivered=1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(status(tenant, id)));
        assertTrue(page(session, events + "?status=NOTIFIED").contains(receipt));
    }

    @Test
    void deleteRemovesTheInstance() {
        TestTenant tenant = TestTenant.of(ConsoleInstancePagesTest.class, "delete");
        long id = webhook(tenant, "doomed", "[]", null);
        String session = ConsolePagesTest.signIn(tenant);
        String csrf = ConsolePagesTest.csrf(session, "/console/instances/" + id);
        assertTrue(page(session, "/console/instances/" + id).contains("return confirm('Delete this instance?"),
                "the browser asks first");
        ConsoleFormsTest.form(session, csrf, "/console/instances/" + id + "/delete", Map.of()).then().statusCode(303)
                .header("Location", containsString("/console/instances"));
        tenant.platform().get(TestTenant.BASE + "/instances/" + id).then().statusCode(404);
        ConsoleFormsTest.as(session).get("/console/instances/" + id).then().statusCode(404)
                .body(containsString("Not found"));
    }

    @Test
    void aSessionUnusedForLongerThanTheIdleTimeoutEnds() throws SQLException {
        TestTenant tenant = TestTenant.of(ConsoleInstancePagesTest.class);
        String session = ConsolePagesTest.signIn(tenant);
        ConsoleFormsTest.as(session).get("/console/instances").then().statusCode(200);
        try (Connection connection = dataSource.getConnection(); PreparedStatement idle = connection.prepareStatement(
                "UPDATE console_session SET last_seen_at = now() - interval '8 hours 1 minute' WHERE id_hash = ?")) {
            idle.setString(1, Secrets.hash(session));
            assertEquals(1, idle.executeUpdate());
        }
        ConsoleFormsTest.as(session).get("/console/instances").then().statusCode(303)
                .header("Location", containsString("/console/sign-in"));
        assertEquals("0", TestDb.value(dataSource, "SELECT count(*) FROM console_session WHERE id_hash = ? "
                + "AND last_seen_at > now() - interval '1 hour'", Secrets.hash(session)),
                "using an ended session does not bring it back");
        ConsoleFormsTest.as(ConsolePagesTest.signIn(tenant)).get("/console/instances").then().statusCode(200);
    }

    static String hmac(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
