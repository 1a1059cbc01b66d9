package io.switchboard.poll;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.CallbackReceiver;
import io.switchboard.InjectCallbackReceiver;
import io.switchboard.LocalServers;
import io.switchboard.TestDb;
import io.switchboard.TestTenant;

/** Polling end to end against a WireMock vendor (API.md §6): the scheduler, the poll-now endpoint and the log. */
@QuarkusTest
class PollingTest {

    @InjectCallbackReceiver
    CallbackReceiver callbacks;

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneId.of("UTC"));
    static final String INSTANCES = TestTenant.BASE + "/instances";
    static WireMockServer vendor;
    static TestTenant tenant;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void setUp() {
        tenant = TestTenant.of(getClass());
        if (vendor == null) {
            vendor = LocalServers.start(options());
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------

    static String vendorUrl() {
        return "http://127.0.0.1:" + vendor.port();
    }

    /** A rest instance polling {@code resources}; {@code extra} is more configuration JSON (leading comma). */
    long instance(String resources, String interval, String callbackPath, String extra) {
        Map<String, Object> created = tenant.createInstance("""
                {"element": {"key": "rest"}, "name": "crm",
                 "configuration": {"rest.base.url": "%s", "event.notification.enabled": "true",
                                   "event.vendor.type": "polling", "event.poller.refresh_interval": "%s",
                                   %s
                                   "event.poller.configuration": %s%s}}""".formatted(vendorUrl(), interval,
                callbackPath == null ? "" : "\"event.notification.callback.url\": \"" + callbacks.url(callbackPath)
                        + "\",", resources, extra));
        return ((Number) created.get("id")).longValue();
    }

    static String contacts(String path, String extra) {
        return """
                {"contacts": {"url": "%s?since=${gmtDate:yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}", "idField": "id",
                  "datesConfiguration": {"updatedDateField": "meta.updatedAt", "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
                                         "createdDateField": "meta.createdAt", "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"},
                  "createdCheckTolerance": 1%s}}""".formatted(path, extra);
    }

    static ObjectNode contact(String id, Instant created, Instant updated) {
        ObjectNode contact = MAPPER.createObjectNode().put("id", id).put("name", "Contact " + id);
        contact.putObject("meta").put("createdAt", MILLIS.format(created)).put("updatedAt", MILLIS.format(updated));
        return contact;
    }

    static void stubContacts(String path, List<ObjectNode> contacts) {
        ArrayNode array = MAPPER.createArrayNode();
        contacts.forEach(array::add);
        vendor.stubFor(get(urlPathEqualTo(path)).willReturn(okJson(array.toString())));
    }

    Instant column(String column, long instanceId) {
        String micros = TestDb.value(dataSource,
                "SELECT (extract(epoch FROM " + column + ") * 1000000)::bigint FROM instance WHERE id = ?", instanceId);
        return micros == null ? null : Instant.EPOCH.plus(Long.parseLong(micros), java.time.temporal.ChronoUnit.MICROS);
    }

    static Response pollNow(long instanceId) {
        return tenant.platform().post(INSTANCES + "/" + instanceId + "/events/poll");
    }

    List<JsonNode> messages(String callbackPath, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> callbacks.received(callbackPath).size() >= count);
        List<JsonNode> messages = new ArrayList<>();
        for (LoggedRequest request : callbacks.received(callbackPath)) {
            messages.add(CallbackReceiver.json(request).path("message"));
        }
        messages.sort(Comparator.comparingInt(m -> m.path("page").asInt()));
        return messages;
    }

    static List<LoggedRequest> requests(String path) {
        return vendor.findAll(getRequestedFor(urlPathEqualTo(path)));
    }

    static String path() {
        return "/v/" + UUID.randomUUID() + "/contacts";
    }

    // --- tests ---------------------------------------------------------------------------------------------

    @Test
    void twentyFiveChangedObjectsBecomeNotificationsOfTenTenAndFive() {
        String path = path();
        String callback = callbacks.newCallback();
        long id = instance(contacts(path, ""), "15", callback, "");
        Instant since = column("poll_watermark", id);
        assertNotNull(since, "polling starts its watermark when the instance is created");
        List<ObjectNode> objects = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Instant updated = since.plusMillis(1 + i);
            // odd: created with this update (CREATED); even: created a day before (UPDATED)
            objects.add(contact("c" + i, i % 2 == 1 ? updated.minusMillis(500) : updated.minus(Duration.ofDays(1)),
                    updated));
        }
        stubContacts(path, objects);

        pollNow(id).then().statusCode(200)
                .body("events", org.hamcrest.Matchers.equalTo(25))
                .body("notifications", org.hamcrest.Matchers.equalTo(3));

        List<JsonNode> messages = messages(callback, 3);
        assertEquals(3, messages.size());
        assertEquals(List.of(10, 10, 5), messages.stream().map(m -> m.path("events").size()).toList());
        String receiptId = messages.get(0).path("receiptId").asText();
        int index = 0;
        for (JsonNode message : messages) {
            assertEquals("polling", message.path("eventSource").asText());
            assertEquals(receiptId, message.path("receiptId").asText());
            assertEquals(3, message.path("pages").asInt());
            assertTrue(message.path("pollDate").isTextual(), "pollDate is the poll's start");
            assertEquals("contacts", message.path("raw").path("objectType").asText());
            assertEquals(25, message.path("raw").path("contacts").size(), "every page carries the resource raw");
            for (JsonNode event : message.path("events")) {
                assertEquals("c" + index, event.path("objectId").asText());
                assertEquals("contacts", event.path("objectType").asText());
                assertEquals(index % 2 == 1 ? "CREATED" : "UPDATED", event.path("eventType").asText(), "c" + index);
                assertEquals(since.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).plusMillis(1 + index),
                        Instant.parse(event.path("date").asText()));
                index++;
            }
        }
        // the vendor was asked for changes since the watermark
        assertEquals(MILLIS.format(since), requests(path).get(0).queryParameter("since").firstValue());
        tenant.platform().get(INSTANCES + "/" + id + "/events").then().statusCode(200)
                .body("[0].id", org.hamcrest.Matchers.equalTo(receiptId))
                .body("[0].source", org.hamcrest.Matchers.equalTo("polling"))
                .body("[0].events", org.hamcrest.Matchers.equalTo(25));
    }

    @Test
    void aSecondPollSendsOnlyWhatChangedSince() {
        String path = path();
        long id = instance(contacts(path, ""), "15", null, "");
        Instant t0 = column("poll_watermark", id);
        List<ObjectNode> objects = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            objects.add(contact("c" + i, t0.plusMillis(1 + i), t0.plusMillis(1 + i)));
        }
        stubContacts(path, objects);
        pollNow(id).then().statusCode(200).body("events", org.hamcrest.Matchers.equalTo(5));
        Instant p1 = column("poll_watermark", id);
        assertTrue(p1.isAfter(t0), "the watermark moved to the first poll's start");

        // the vendor ignores "since" and returns everything: the old five and two changed after the first poll
        objects.add(contact("c5", p1.plusMillis(10), p1.plusMillis(10)));
        objects.set(2, contact("c2", t0.minus(Duration.ofDays(1)), p1.plusMillis(20)));
        stubContacts(path, objects);
        String receipt = pollNow(id).then().statusCode(200).body("events", org.hamcrest.Matchers.equalTo(2))
                .extract().path("id");
        assertEquals(MILLIS.format(p1), requests(path).get(1).queryParameter("since").firstValue());
        List<List<String>> events = TestDb.rows(dataSource,
                "SELECT object_id, event_type FROM event WHERE receipt_id = ? ORDER BY seq", receipt);
        assertEquals(List.of(List.of("c2", "UPDATED"), List.of("c5", "CREATED")), events);

        // nothing changed: no receipt, the watermark still moves
        pollNow(id).then().statusCode(200).body("id", nullValue()).body("events", org.hamcrest.Matchers.equalTo(0));
        assertEquals("2", TestDb.value(dataSource, "SELECT count(*) FROM receipt WHERE instance_id = ?", id));
        assertTrue(column("poll_watermark", id).isAfter(p1));
    }

    @Test
    void overlappingWindowsNeverRepeatAChange() {
        String path = path();
        // pollDelay 60 s: every window reaches a minute back, so the second poll sees the first poll's changes again
        long id = instance(contacts(path, ", \"pollDelay\": 60"), "15", null, "");
        Instant t0 = column("poll_watermark", id);
        List<ObjectNode> objects = new ArrayList<>(List.of(contact("a", t0, t0), contact("b", t0, t0.plusMillis(5))));
        stubContacts(path, objects);
        pollNow(id).then().statusCode(200).body("events", org.hamcrest.Matchers.equalTo(2));
        objects.add(contact("c", t0, t0.plusMillis(7)));
        stubContacts(path, objects);
        String receipt = pollNow(id).then().statusCode(200).body("events", org.hamcrest.Matchers.equalTo(1))
                .extract().path("id");
        assertEquals("c", TestDb.value(dataSource, "SELECT object_id FROM event WHERE receipt_id = ?", receipt));
        pollNow(id).then().statusCode(200).body("events", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void followsThreeVendorPagesWithTheAuthHeader() {
        String base = "/v/" + UUID.randomUUID();
        String path = base + "/contacts";
        Instant now = Instant.now();
        String page = """
                {"data": %s, "paging": {"next": %s}}""";
        vendor.stubFor(get(urlPathEqualTo(path)).withQueryParam("cursor", absent())
                .willReturn(okJson(page.formatted(array(0, 4, now), "\"" + path + "?cursor=2\""))));
        vendor.stubFor(get(urlPathEqualTo(path)).withQueryParam("cursor", equalTo("2"))
                .willReturn(okJson(page.formatted(array(4, 8, now), "\"?cursor=3\""))));
        vendor.stubFor(get(urlPathEqualTo(path)).withQueryParam("cursor", equalTo("3"))
                .willReturn(okJson(page.formatted(array(8, 12, now), "null"))));
        long id = instance("""
                {"contacts": {"url": "%s", "datesConfiguration": {"updatedDateField": "updated"}}}""".formatted(path),
                "15", null, """
                , "rest.records.path": "data", "rest.next.page.path": "paging.next",
                  "rest.auth.header": "X-Api-Key: k-123\"""");

        String receipt = pollNow(id).then().statusCode(200).body("events", org.hamcrest.Matchers.equalTo(12))
                .body("notifications", org.hamcrest.Matchers.equalTo(2)).extract().path("id");
        List<LoggedRequest> requests = requests(path);
        assertEquals(3, requests.size());
        requests.forEach(r -> assertEquals("k-123", r.getHeader("X-Api-Key")));
        assertEquals("o11", TestDb.value(dataSource,
                "SELECT object_id FROM event WHERE receipt_id = ? AND seq = 11", receipt));
    }

    static String array(int from, int to, Instant updated) {
        ArrayNode array = MAPPER.createArrayNode();
        for (int i = from; i < to; i++) {
            array.addObject().put("id", "o" + i).put("updated", updated.plusSeconds(60 + i).toString());
        }
        return array.toString();
    }

    @Test
    void aVendorFailureKeepsTheWatermarkAndTheNextPollLosesNothing() {
        String path = path();
        long id = instance(contacts(path, ""), "15", null, "");
        Instant t0 = column("poll_watermark", id);
        vendor.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(500).withBody("upstream down")));

        String detail = pollNow(id).then().statusCode(502).contentType("application/problem+json")
                .body("detail", containsString("HTTP 500")).extract().path("detail");
        assertTrue(detail.contains("contacts page 1"), detail);
        assertEquals(t0, column("poll_watermark", id), "a failed poll keeps the watermark");
        tenant.platform().get(INSTANCES + "/" + id + "/events").then().statusCode(200)
                .body("[0].source", org.hamcrest.Matchers.equalTo("polling"))
                .body("[0].status", org.hamcrest.Matchers.equalTo("FAILED"))
                .body("[0].reason", containsString("HTTP 500"));

        // the changes made before (and during) the failed poll arrive with the next one
        stubContacts(path, List.of(contact("x", t0.plusMillis(1), t0.plusMillis(1)),
                contact("y", t0.minusSeconds(60), t0.plusMillis(2))));
        pollNow(id).then().statusCode(200).body("events", org.hamcrest.Matchers.equalTo(2));
        assertEquals(MILLIS.format(t0), requests(path).get(1).queryParameter("since").firstValue());

        // bad JSON and a bad date fail the same way
        vendor.stubFor(get(urlPathEqualTo(path)).willReturn(okJson("{not json")));
        Instant after = column("poll_watermark", id);
        pollNow(id).then().statusCode(502).body("detail", containsString("not JSON"));
        vendor.stubFor(get(urlPathEqualTo(path)).willReturn(okJson("""
                [{"id": "z", "meta": {"updatedAt": "yesterday"}}]""")));
        pollNow(id).then().statusCode(502).body("detail", containsString("'yesterday' is not a date"));
        assertEquals(after, column("poll_watermark", id));
    }

    @Test
    void placeholdersAndANonUtcTimeZone() {
        String path = path();
        long id = instance("""
                {"contacts": {"url": "%s?gmt=${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}&local=${date:yyyy-MM-dd HH:mm:ssXXX}&ms=${epoch}&s=${epoch:s}",
                  "pollDelay": 10,
                  "datesConfiguration": {"updatedDateField": "modified", "updatedDateFormat": "dd.MM.yyyy HH:mm:ss",
                                         "updatedDateTimezone": "Asia/Kolkata"}}}""".formatted(path),
                "15", null, "");
        Instant w = column("poll_watermark", id);
        Instant since = w.minusSeconds(10);
        Instant changed = w.plusSeconds(61).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String local = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss").withZone(ZoneId.of("Asia/Kolkata"))
                .format(changed);
        vendor.stubFor(get(urlPathEqualTo(path)).willReturn(okJson("""
                [{"id": "k1", "modified": "%s"}]""".formatted(local))));

        String receipt = pollNow(id).then().statusCode(200).body("events", org.hamcrest.Matchers.equalTo(1))
                .extract().path("id");
        LoggedRequest request = requests(path).get(0);
        assertEquals(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneId.of("UTC")).format(since),
                request.queryParameter("gmt").firstValue());
        assertEquals(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX").withZone(ZoneId.of("Asia/Kolkata"))
                .format(since), request.queryParameter("local").firstValue());
        assertTrue(request.queryParameter("local").firstValue().endsWith("+05:30"));
        assertEquals(Long.toString(since.toEpochMilli()), request.queryParameter("ms").firstValue());
        assertEquals(Long.toString(since.getEpochSecond()), request.queryParameter("s").firstValue());
        String date = TestDb.value(dataSource,
                "SELECT floor(extract(epoch FROM event_date) * 1000)::bigint FROM event WHERE receipt_id = ?", receipt);
        assertEquals(changed.toEpochMilli(), Long.parseLong(date), "a local date is read in its time zone");
    }

    @Test
    void aPatchedIntervalReschedulesTheNextPoll() {
        String path = path();
        stubContacts(path, List.of());
        long id = instance(contacts(path, ""), "15", null, "");
        Instant w = column("poll_watermark", id);
        assertEquals(w.plus(Duration.ofMinutes(15)), column("next_poll_at", id));

        tenant.platform().body("""
                {"configuration": {"event.poller.refresh_interval": "0.1"}}""")
                .patch(INSTANCES + "/" + id).then().statusCode(200);
        assertEquals(w.plusSeconds(6), column("next_poll_at", id));
        await().atMost(Duration.ofSeconds(20)).until(() -> requests(path).size() >= 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> TestDb.value(dataSource,
                "SELECT poll_lease FROM instance WHERE id = ?", id) == null && column("next_poll_at", id) != null && column("next_poll_at", id).isAfter(w.plusSeconds(6)));
        Instant last = column("last_poll_at", id);
        assertEquals(last.plusSeconds(6), column("next_poll_at", id), "the next poll is an interval after this one");
    }

    @Test
    void aDisabledInstanceIsNotPolledAndCatchesUpWhenEnabled() {
        String disabledPath = path();
        String enabledPath = path();
        stubContacts(disabledPath, List.of());
        stubContacts(enabledPath, List.of());
        long disabled = instance(contacts(disabledPath, ""), "0.1", null, "");
        tenant.platform().delete(INSTANCES + "/" + disabled + "/enabled").then().statusCode(200);
        assertNull(column("next_poll_at", disabled));
        long enabled = instance(contacts(enabledPath, ""), "0.1", null, "");
        long eventsOff = instance(contacts(disabledPath, ""), "0.1", null, "");
        tenant.platform().body("""
                {"configuration": {"event.notification.enabled": "false"}}""")
                .patch(INSTANCES + "/" + eventsOff).then().statusCode(200);
        assertNull(column("next_poll_at", eventsOff));

        await().atMost(Duration.ofSeconds(20)).until(() -> requests(enabledPath).size() >= 1);
        assertEquals(0, requests(disabledPath).size(), "neither the disabled instance nor one with events off");
        pollNow(disabled).then().statusCode(409).body("detail", containsString("disabled"));
        pollNow(eventsOff).then().statusCode(409).body("detail", containsString("event.notification.enabled"));

        tenant.platform().put(INSTANCES + "/" + disabled + "/enabled").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> requests(disabledPath).size() >= 1);
    }

    @Test
    void aBadPollerConfigurationIsRefusedWhenConfigured() {
        tenant.platform().body("""
                {"element": {"key": "rest"}, "name": "crm",
                 "configuration": {"rest.base.url": "%s", "event.notification.enabled": "true",
                                   "event.poller.configuration": {"contacts": {"url": "/c", "datesConfiguration":
                                       {"updatedDateFormat": "yyyy-MM-dd'T"}}}}}""".formatted(vendorUrl()))
                .post(INSTANCES).then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("event.poller.configuration"))
                .body("detail", containsString("contacts.datesConfiguration: 'yyyy-MM-dd'T' is not a date format"));
        long id = instance(contacts(path(), ""), "15", null, "");
        tenant.platform().body("""
                {"configuration": {"event.poller.configuration": {"contacts": {"uri": "/c"}}}}""")
                .patch(INSTANCES + "/" + id).then().statusCode(400)
                .body("detail", containsString("contacts has unknown field 'uri'"));
    }

    @Test
    void aWebhookInstanceCannotBePolled() {
        Map<String, Object> created = tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "hook", "configuration": {"event.notification.enabled": "true"}}""");
        pollNow(((Number) created.get("id")).longValue()).then().statusCode(409)
                .body("detail", containsString("event.vendor.type"));
    }
}
