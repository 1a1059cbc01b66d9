package io.switchboard.poll;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.LocalServers;
import io.switchboard.TestDb;
import io.switchboard.TestTenant;

/**
 * A vendor polled as data: an element whose {@code polling} section names its base URL, Basic credentials, records
 * and next-page paths and its default resources, in the shape of Twilio's Messages list.
 */
@QuarkusTest
class ElementPollingTest {

    static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
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

    static String descriptor(String key) {
        return """
                {"key": "%s", "name": "Acme SMS", "events": {"webhook": false, "polling": true},
                 "configuration": [
                   {"key": "acme.account.sid", "name": "Account", "required": true, "secret": false, "defaultValue": null},
                   {"key": "acme.auth.token", "name": "Token", "required": true, "secret": true, "defaultValue": null},
                   {"key": "acme.base.url", "name": "API", "required": false, "secret": false,
                    "defaultValue": "https://api.acme.example"}],
                 "polling": {
                   "baseUrl": {"config": "acme.base.url"},
                   "basicAuth": {"username": {"config": "acme.account.sid"}, "password": {"config": "acme.auth.token"}},
                   "recordsPath": "messages",
                   "nextPagePath": "next_page_uri",
                   "configuration": {"messages": {
                     "url": "/2010-04-01/Accounts/${config:acme.account.sid}/Messages.json?DateSent%%3E=${gmtDate:yyyy-MM-dd}&PageSize=${pageSize}",
                     "idField": "sid", "pageSize": 2,
                     "datesConfiguration": {
                       "updatedDateField": "date_updated", "updatedDateFormat": "EEE, dd MMM yyyy HH:mm:ss Z",
                       "createdDateField": "date_created", "createdDateFormat": "EEE, dd MMM yyyy HH:mm:ss Z"}}}}}"""
                .formatted(key);
    }

    static String message(String sid, Instant created, Instant updated) {
        return """
                {"sid": "%s", "status": "delivered", "date_created": "%s", "date_updated": "%s"}"""
                .formatted(sid, RFC_2822.format(created), RFC_2822.format(updated));
    }

    @Test
    void anElementPolledAsData() {
        String key = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        tenant.platform().body(descriptor(key)).post(TestTenant.BASE + "/elements").then().statusCode(201);
        String account = "AC" + UUID.randomUUID().toString().replace("-", "");
        Map<String, Object> created = tenant.createInstance("""
                {"element": {"key": "%s"}, "name": "sms",
                 "configuration": {"acme.account.sid": "%s", "acme.auth.token": "tok", "acme.base.url": "http://127.0.0.1:%d",
                                   "event.notification.enabled": "true"}}""".formatted(key, account, vendor.port()));
        long id = ((Number) created.get("id")).longValue();
        Instant since = Instant.now().plusSeconds(30);
        String path = "/2010-04-01/Accounts/" + account + "/Messages.json";
        vendor.stubFor(get(urlPathEqualTo(path)).withQueryParam("Page", absent()).willReturn(okJson("""
                {"messages": [%s, %s], "next_page_uri": "%s?PageSize=2&Page=1&PageToken=PA2"}""".formatted(
                message("SM1", since, since), message("SM2", since.minusSeconds(3600), since), path))));
        vendor.stubFor(get(urlPathEqualTo(path)).withQueryParam("Page",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("1")).willReturn(okJson("""
                {"messages": [%s], "next_page_uri": null}""".formatted(message("SM3", since, since.plusSeconds(1)) /* a second apart: UPDATED (createdCheckTolerance 0) */))));

        String receipt = tenant.platform().post(TestTenant.BASE + "/instances/" + id + "/events/poll").then()
                .statusCode(200).body("events", equalTo(3)).extract().path("id");
        List<LoggedRequest> requests = vendor.findAll(getRequestedFor(urlPathEqualTo(path)));
        assertEquals(2, requests.size());
        String basic = "Basic " + Base64.getEncoder().encodeToString((account + ":tok").getBytes(StandardCharsets.UTF_8));
        requests.forEach(r -> assertEquals(basic, r.getHeader("Authorization")));
        assertEquals("2", requests.get(0).queryParameter("PageSize").firstValue());
        assertEquals(1, requests.get(0).queryParameter("DateSent>").values().size(), "DateSent%3E= reached Twilio");
        assertEquals(List.of(List.of("SM1", "CREATED", "messages"), List.of("SM2", "UPDATED", "messages"),
                List.of("SM3", "UPDATED", "messages")), TestDb.rows(dataSource,
                        "SELECT object_id, event_type, object_type FROM event WHERE receipt_id = ? ORDER BY seq",
                        receipt));
    }

    @Test
    void theBuiltInTwilioElementPollsItsMessagesList() {
        String account = "AC" + UUID.randomUUID().toString().replace("-", "");
        Map<String, Object> created = tenant.createInstance("""
                {"element": {"key": "twilio"}, "name": "sms-polled",
                 "configuration": {"twilio.account.sid": "%s", "twilio.auth.token": "tw-token",
                                   "twilio.base.url": "http://127.0.0.1:%d",
                                   "event.vendor.type": "polling", "event.notification.enabled": "true"}}"""
                .formatted(account, vendor.port()));
        long id = ((Number) created.get("id")).longValue();
        Instant since = Instant.now().plusSeconds(30);
        String path = "/2010-04-01/Accounts/" + account + "/Messages.json";
        vendor.stubFor(get(urlPathEqualTo(path)).withQueryParam("Page", absent()).willReturn(okJson("""
                {"messages": [%s], "next_page_uri": "%s?PageSize=100&Page=1&PageToken=PB"}""".formatted(
                message("SMa", since, since), path))));
        vendor.stubFor(get(urlPathEqualTo(path)).withQueryParam("Page",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("1")).willReturn(okJson("""
                {"messages": [%s], "next_page_uri": null}""".formatted(message("SMb", since.minusSeconds(60), since)))));

        String receipt = tenant.platform().post(TestTenant.BASE + "/instances/" + id + "/events/poll").then()
                .statusCode(200).body("events", equalTo(2)).extract().path("id");
        List<LoggedRequest> requests = vendor.findAll(getRequestedFor(urlPathEqualTo(path)));
        assertEquals(2, requests.size(), "the next_page_uri was followed");
        String basic = "Basic " + Base64.getEncoder().encodeToString((account + ":tw-token")
                .getBytes(StandardCharsets.UTF_8));
        requests.forEach(r -> assertEquals(basic, r.getHeader("Authorization")));
        assertEquals(List.of(List.of("SMa", "CREATED", "messages"), List.of("SMb", "UPDATED", "messages")),
                TestDb.rows(dataSource, "SELECT object_id, event_type, object_type FROM event WHERE receipt_id = ? "
                        + "ORDER BY seq", receipt));
    }

    @Test
    void aBadPollingSectionIsRefusedNamingTheField() {
        tenant.platform().body("""
                {"key": "bad-poller", "name": "Bad", "events": {"polling": true},
                 "polling": {"basicAuth": {"username": {"konfig": "x"}}}}""")
                .post(TestTenant.BASE + "/elements").then().statusCode(400)
                .body("errors[0].field", equalTo("polling.basicAuth.username"));
        tenant.platform().body("""
                {"key": "bad-poller", "name": "Bad", "events": {"polling": true},
                 "polling": {"configuration": {"messages": {"idField": "sid"}}}}""")
                .post(TestTenant.BASE + "/elements").then().statusCode(400)
                .body("detail", containsString("messages.url is required"));
    }
}
