package io.switchboard.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.switchboard.TestDb;
import io.switchboard.TestTenant;

/** API.md §9 against a WireMock Twilio: the send, Twilio's answers, async mode and status callbacks. */
@QuarkusTest
@QuarkusTestResource(FakeTwilioResource.class)
class MessagingApiTest {

    @FakeTwilioResource.InjectFakeTwilio
    FakeTwilio twilio;

    static final String MESSAGES = TestTenant.BASE + "/hubs/messaging/messages";
    static final String TO = "+14155550100";
    static final String FROM = "+14155550199";
    static TestTenant tenant;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void tenant() {
        tenant = TestTenant.of(getClass());
    }

    /** A twilio instance pointed at the fake Twilio under its own account SID. */
    record Sms(long id, String token, String accountSid, String webhookUrl, FakeTwilio twilio) {
        RequestSpecification request() {
            return given().header("Authorization", tenant.elementAuthorization(token)).contentType(ContentType.JSON);
        }

        ValidatableResponse send(String json) {
            return request().body(json).post(MESSAGES).then();
        }

        List<LoggedRequest> twilioRequests() {
            return twilio.requests(accountSid);
        }
    }

    Sms instance(String extraConfig) {
        String accountSid = FakeTwilio.newAccountSid();
        Map<String, Object> created = tenant.createInstance("""
                {"element": {"key": "twilio"}, "name": "sms",
                 "configuration": {"twilio.account.sid": "%s", "twilio.auth.token": "auth-token",
                                   "twilio.base.url": "%s", "event.notification.enabled": "true"%s}}"""
                .formatted(accountSid, twilio.baseUrl(), extraConfig));
        return new Sms(((Number) created.get("id")).longValue(), (String) created.get("token"), accountSid,
                (String) created.get("webhookUrl"), twilio);
    }

    Sms instance() {
        return instance("");
    }

    static Map<String, List<String>> form(LoggedRequest request) {
        Map<String, List<String>> form = new TreeMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            String[] kv = pair.split("=", 2);
            form.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
        return form;
    }

    // --- the send -------------------------------------------------------------------------------------------

    @Test
    void aMessageIsSentToTwilioAndAnswered() {
        Sms sms = instance();
        String sid = FakeTwilio.newSid();
        twilio.answer(sms.accountSid(), FakeTwilio.created(sid, TO, FROM));
        sms.send("""
                {"to": "%s", "from": "%s", "message": "Your order shipped €",
                 "mediaUrls": ["https://cdn.example/a.png", "https://cdn.example/b.png"]}""".formatted(TO, FROM))
                .statusCode(200)
                .body("id", equalTo(sid)).body("status", equalTo("queued"))
                .body("to", equalTo(TO)).body("from", equalTo(FROM))
                .body("message", equalTo("Your order shipped €")).body("numSegments", equalTo(1))
                .body("dateCreated", equalTo("2026-11-22T10:15:30Z"));

        List<LoggedRequest> requests = sms.twilioRequests();
        assertEquals(1, requests.size());
        LoggedRequest request = requests.get(0);
        assertTrue(request.getHeader("Content-Type").startsWith("application/x-www-form-urlencoded"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString((sms.accountSid() + ":auth-token")
                .getBytes(StandardCharsets.UTF_8)), request.getHeader("Authorization"));
        Map<String, List<String>> form = form(request);
        assertEquals(List.of(TO), form.get("To"));
        assertEquals(List.of(FROM), form.get("From"));
        assertEquals(List.of("Your order shipped €"), form.get("Body"));
        assertEquals(List.of("https://cdn.example/a.png", "https://cdn.example/b.png"), form.get("MediaUrl"));
        assertEquals(List.of(sms.webhookUrl()), form.get("StatusCallback"));
        assertTrue(sms.webhookUrl().endsWith("/elements/api-v2/events/twilio/" + sms.id()));

        sms.request().get(MESSAGES + "/" + sid).then().statusCode(200)
                .body("id", equalTo(sid)).body("sid", equalTo(sid)).body("status", equalTo("queued"))
                .body("numSegments", equalTo(1)).body("mediaUrls.size()", equalTo(2));
    }

    @Test
    void twilioIsCalledAtTheAddressTheGuardCheckedNotByNameAgain() {
        // Only the hub's resolver knows this name (the system's DNS does not): the send succeeds only when the
        // connection goes to the address the guard checked, and the Host header still names the URL's host.
        String host = "api-" + java.util.UUID.randomUUID() + ".loopback.test";
        String accountSid = FakeTwilio.newAccountSid();
        Map<String, Object> created = tenant.createInstance("""
                {"element": {"key": "twilio"}, "name": "sms by name",
                 "configuration": {"twilio.account.sid": "%s", "twilio.auth.token": "auth-token",
                                   "twilio.base.url": "http://%s:%d"}}"""
                .formatted(accountSid, host, twilio.server().port()));
        Sms sms = new Sms(((Number) created.get("id")).longValue(), (String) created.get("token"), accountSid,
                (String) created.get("webhookUrl"), twilio);
        String sid = FakeTwilio.newSid();
        twilio.answer(sms.accountSid(), FakeTwilio.created(sid, TO, FROM));

        sms.send("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"Hi\"}".formatted(TO, FROM))
                .statusCode(200).body("id", equalTo(sid));
        assertEquals(host + ":" + twilio.server().port(), sms.twilioRequests().get(0).getHeader("Host"));
    }

    @Test
    void theApiKeyIsUsedWhenTheInstanceHasOne() {
        Sms sms = instance(", \"twilio.api.key.sid\": \"SKkey\", \"twilio.api.key.secret\": \"key-secret\"");
        twilio.answer(sms.accountSid(), FakeTwilio.created(FakeTwilio.newSid(), TO, FROM));
        sms.send("{\"to\": \"%s\", \"from\": \"%s\", \"body\": \"Hi\"}".formatted(TO, FROM)).statusCode(200);
        assertEquals("Basic " + Base64.getEncoder().encodeToString("SKkey:key-secret".getBytes(StandardCharsets.UTF_8)),
                sms.twilioRequests().get(0).getHeader("Authorization"));
    }

    @Test
    void segmentsAreCountedLocally() {
        Sms sms = instance();
        twilio.answer(sms.accountSid(), FakeTwilio.created(FakeTwilio.newSid(), TO, FROM));
        sms.send("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"%s\"}".formatted(TO, FROM, "a".repeat(161)))
                .statusCode(200).body("numSegments", equalTo(2));
        sms.send("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"%s\"}".formatted(TO, FROM, "ж".repeat(71)))
                .statusCode(200).body("numSegments", equalTo(2));
        assertEquals("2", TestDb.value(dataSource,
                "SELECT max(num_segments) FROM message WHERE instance_id = ?", sms.id()));
    }

    @Test
    void theCreativeFormat() {
        Sms sms = instance(", \"twilio.default.sender\": \"" + FROM + "\"");
        twilio.answer(sms.accountSid(), FakeTwilio.created(FakeTwilio.newSid(), TO, FROM));
        given().header("Authorization", tenant.elementAuthorization(sms.token())).contentType("text/plain")
                .body("MEDIAL_URLS:https://cdn.example/a.png,https://cdn.example/b.png;\nTO:" + TO
                        + ";\nYour order shipped.\nTrack it at https://shop.example/t/1\n")
                .post(MESSAGES).then().statusCode(200)
                .body("message", equalTo("Your order shipped.\nTrack it at https://shop.example/t/1"))
                .body("from", equalTo(FROM));
        Map<String, List<String>> form = form(sms.twilioRequests().get(0));
        assertEquals(List.of("Your order shipped.\nTrack it at https://shop.example/t/1"), form.get("Body"));
        assertEquals(List.of("https://cdn.example/a.png", "https://cdn.example/b.png"), form.get("MediaUrl"));
        assertEquals(List.of(FROM), form.get("From"));

        given().header("Authorization", tenant.elementAuthorization(sms.token())).contentType("text/plain")
                .body("FROM:" + FROM + ";\nHello").post(MESSAGES).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("to"));
    }

    @Test
    void platformCredentialsWithElementInstances() {
        Sms sms = instance();
        twilio.answer(sms.accountSid(), FakeTwilio.created(FakeTwilio.newSid(), TO, FROM));
        tenant.platform().header("Element-Instances", String.valueOf(sms.id()))
                .body("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"Hi\"}".formatted(TO, FROM))
                .post(MESSAGES).then().statusCode(200);
        // another organization cannot use or see the instance
        TestTenant other = TestTenant.create();
        other.platform().header("Element-Instances", String.valueOf(sms.id()))
                .body("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"Hi\"}".formatted(TO, FROM))
                .post(MESSAGES).then().statusCode(404);
        assertEquals(1, sms.twilioRequests().size());
    }

    @Test
    void onlyTwilioInstancesSendMessages() {
        Map<String, Object> hook = tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "hook", "configuration": {}}""");
        given().header("Authorization", tenant.elementAuthorization((String) hook.get("token")))
                .contentType(ContentType.JSON).body("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"Hi\"}"
                        .formatted(TO, FROM))
                .post(MESSAGES).then().statusCode(400).body("detail", containsString("twilio"));
    }

    // --- validation -----------------------------------------------------------------------------------------

    @Test
    void invalidMessagesAreRefusedBeforeTwilioIsCalled() {
        Sms sms = instance(", \"event.ttl\": \"60\"");
        sms.send("{\"to\": \"4155550100\", \"from\": \"%s\", \"message\": \"Hi\"}".formatted(FROM)).statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("to"))
                .body("errors[0].message", containsString("E.164"));
        sms.send("{\"to\": \"%s\", \"message\": \"Hi\"}".formatted(TO)).statusCode(400)
                .body("errors[0].field", equalTo("from"));
        sms.send("{\"to\": \"%s\", \"from\": \"%s\"}".formatted(TO, FROM)).statusCode(400)
                .body("errors[0].field", equalTo("message"));
        sms.send("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"%s\"}".formatted(TO, FROM, "a".repeat(1601)))
                .statusCode(400).body("errors[0].field", equalTo("message"));
        sms.send("{\"to\": \"%s\", \"from\": \"%s\", \"mediaUrls\": [%s]}".formatted(TO, FROM,
                String.join(",", java.util.Collections.nCopies(11, "\"https://cdn.example/a.png\""))))
                .statusCode(400).body("errors[0].field", equalTo("mediaUrls"));
        sms.send("{\"to\": \"%s\", \"from\": \"%s\", \"mediaUrls\": [\"file:///etc/passwd\"]}".formatted(TO, FROM))
                .statusCode(400).body("errors[0].field", equalTo("mediaUrls[0]"));
        sms.send("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"Hi\", \"timestamp\": \"%s\"}"
                .formatted(TO, FROM, Instant.now().minusSeconds(120))).statusCode(409)
                .body("detail", containsString("stale"));
        sms.send("{\"to\": ").statusCode(400).body("detail", containsString("not valid JSON"));
        assertEquals(0, sms.twilioRequests().size(), "nothing invalid reaches Twilio");
    }

    // --- Twilio's answers -----------------------------------------------------------------------------------

    @Test
    void refusedCredentialsAre502AndNotRetried() {
        for (int status : List.of(401, 403, 404)) {
            Sms sms = instance();
            twilio.answer(sms.accountSid(), FakeTwilio.error(status, 20003, "Authenticate"));
            sms.send("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"Hi\"}".formatted(TO, FROM))
                    .statusCode(502).contentType("application/problem+json")
                    .body("twilioCode", equalTo(20003))
                    .body("detail", containsString("refused the instance's credentials"))
                    .body("detail", containsString("twilio.auth.token"))
                    .body("detail", org.hamcrest.Matchers.not(containsString("auth-token")));
            assertEquals(1, sms.twilioRequests().size(), "HTTP " + status + " is not retried");
        }
    }

    @Test
    void requestErrorsAre400WithTwilioCodeAndMessage() {
        for (int code : List.of(21211, 21604, 21606, 21614, 21602)) {
            Sms sms = instance();
            twilio.answer(sms.accountSid(), FakeTwilio.error(400, code, "Twilio says " + code));
            sms.send("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"Hi\"}".formatted(TO, FROM))
                    .statusCode(400).body("twilioCode", equalTo(code))
                    .body("detail", containsString("Twilio says " + code));
            assertEquals(1, sms.twilioRequests().size());
        }
    }

    @Test
    void refusalsOfAWellFormedMessageAre422AndNeverRetried() {
        for (int code : List.of(21610, 21408, 21612)) {
            Sms sms = instance();
            twilio.answer(sms.accountSid(), FakeTwilio.error(400, code, "Refused " + code));
            sms.send("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"Hi\"}".formatted(TO, FROM))
                    .statusCode(422).body("twilioCode", equalTo(code))
                    .body("detail", containsString("Refused " + code));
            assertEquals(1, sms.twilioRequests().size());
        }
    }

    @Test
    void serverErrorsAndThrottlingAreRetriedUntilTwilioTakesTheMessage() {
        Sms sms = instance();
        String sid = FakeTwilio.newSid();
        twilio.answerInTurn(sms.accountSid(), List.of(FakeTwilio.error(503, 20503, "Unavailable"),
                FakeTwilio.error(429, 20429, "Too Many Requests"), FakeTwilio.error(500, 20500, "Internal"),
                FakeTwilio.created(sid, TO, FROM)));
        sms.send("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"Hi\"}".formatted(TO, FROM))
                .statusCode(200).body("id", equalTo(sid));
        assertEquals(4, sms.twilioRequests().size());
    }

    @Test
    void retriesGiveUpWithin5SecondsAs502() {
        Sms sms = instance();
        twilio.answer(sms.accountSid(), FakeTwilio.error(503, 20503, "Service Unavailable"));
        long started = System.nanoTime();
        sms.send("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"Hi\"}".formatted(TO, FROM))
                .statusCode(502).body("twilioCode", equalTo(20503)).body("attempts", equalTo(4))
                .body("detail", containsString("4 attempts"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(4, sms.twilioRequests().size());
        assertTrue(took.compareTo(Duration.ofSeconds(6)) < 0, "gave up after " + took);
    }

    @Test
    void anUnreachableTwilioIsRetriedThen502() {
        Sms sms = instance();
        tenant.platform().body("{\"configuration\": {\"twilio.base.url\": \"http://127.0.0.1:1\"}}")
                .patch(TestTenant.BASE + "/instances/" + sms.id()).then().statusCode(200);
        sms.send("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"Hi\"}".formatted(TO, FROM))
                .statusCode(502).body("attempts", equalTo(4)).body("detail", containsString("could not reach"));
    }

    // --- async ----------------------------------------------------------------------------------------------

    @Test
    void respondAsyncAcceptsThenSendsInTheBackground() {
        Sms sms = instance();
        String sid = FakeTwilio.newSid();
        twilio.answerInTurn(sms.accountSid(), List.of(FakeTwilio.error(503, 20503, "Unavailable"),
                FakeTwilio.created(sid, TO, FROM)));
        String id = sms.request().header("Prefer", "respond-async")
                .body("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"Hi\"}".formatted(TO, FROM))
                .post(MESSAGES).then().statusCode(202).header("Preference-Applied", "respond-async")
                .body("status", equalTo("accepted")).body("id", startsWith("msg_"))
                .extract().path("id");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> sms.request().get(MESSAGES + "/" + id).then()
                .statusCode(200).body("status", equalTo("queued")).body("sid", equalTo(sid))
                .body("attempts", equalTo(2)).body("reason", nullValue()));
        // also found by Twilio's SID
        sms.request().get(MESSAGES + "/" + sid).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void asyncRetriesRunOutAsFailedWithAReason() {
        Sms sms = instance();
        twilio.answer(sms.accountSid(), FakeTwilio.error(500, 20500, "Internal Server Error"));
        String id = sms.request().header("Prefer", "respond-async")
                .body("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"Hi\"}".formatted(TO, FROM))
                .post(MESSAGES).then().statusCode(202).extract().path("id");
        // test schedule 200ms, 400ms, 800ms: four attempts
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> sms.request().get(MESSAGES + "/" + id).then()
                .statusCode(200).body("status", equalTo("failed")).body("attempts", equalTo(4))
                .body("reason", containsString("retries exhausted")).body("twilioCode", equalTo(20500)));
        assertEquals(4, sms.twilioRequests().size());
    }

    @Test
    void asyncRefusalsFailAtOnce() {
        Sms sms = instance();
        twilio.answer(sms.accountSid(), FakeTwilio.error(400, 21610, "Attempt to send to unsubscribed recipient"));
        String id = sms.request().header("Prefer", "respond-async")
                .body("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"Hi\"}".formatted(TO, FROM))
                .post(MESSAGES).then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> sms.request().get(MESSAGES + "/" + id).then()
                .statusCode(200).body("status", equalTo("failed")).body("twilioCode", equalTo(21610))
                .body("reason", containsString("unsubscribed")));
        assertEquals(1, sms.twilioRequests().size());
    }

    @Test
    void asyncValidationStillAnswersAtOnce() {
        Sms sms = instance();
        sms.request().header("Prefer", "respond-async").body("{\"to\": \"x\", \"from\": \"%s\", \"message\": \"Hi\"}"
                .formatted(FROM)).post(MESSAGES).then().statusCode(400).body("errors[0].field", equalTo("to"));
    }

    @Test
    void unknownMessagesAre404() {
        Sms sms = instance();
        sms.request().get(MESSAGES + "/msg_nothing").then().statusCode(404)
                .contentType("application/problem+json");
    }

    // --- status callbacks -----------------------------------------------------------------------------------

    @Test
    void statusCallbacksMoveTheMessageOnButNeverBack() throws Exception {
        Sms sms = instance();
        String sid = FakeTwilio.newSid();
        twilio.answer(sms.accountSid(), FakeTwilio.created(sid, TO, FROM));
        sms.send("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"Hi\"}".formatted(TO, FROM)).statusCode(200);

        callback(sms, sid, "sent", null).statusCode(200);
        status(sms, sid).body("status", equalTo("sent"));
        callback(sms, sid, "delivered", null).statusCode(200);
        status(sms, sid).body("status", equalTo("delivered"));
        // late, out-of-order callbacks do not move it back
        callback(sms, sid, "sending", null).statusCode(200);
        callback(sms, sid, "sent", null).statusCode(200).body("duplicate", equalTo(true));
        callback(sms, sid, "undelivered", "30003").statusCode(200);
        status(sms, sid).body("status", equalTo("delivered")).body("errorCode", nullValue());
    }

    @Test
    void anInstanceWithoutEventsStillFollowsItsMessagesStatus() throws Exception {
        Sms sms = instance(", \"event.notification.enabled\": \"false\"");
        String sid = FakeTwilio.newSid();
        twilio.answer(sms.accountSid(), FakeTwilio.created(sid, TO, FROM));
        sms.send("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"Hi\"}".formatted(TO, FROM)).statusCode(200);

        // no events: the callback is not logged as a receipt, but it is verified and moves the message on
        callback(sms, sid, "delivered", null).statusCode(202).body("ignored", equalTo(true));
        status(sms, sid).body("status", equalTo("delivered"));
        assertEquals(0, tenant.platform().get(TestTenant.BASE + "/instances/" + sms.id() + "/events").then()
                .statusCode(200).extract().jsonPath().getList("$").size());
        // a callback that is not Twilio's changes nothing
        given().contentType("application/x-www-form-urlencoded").header("X-Twilio-Signature", "bm90IGl0")
                .body("MessageSid=" + sid + "&MessageStatus=failed&AccountSid=" + sms.accountSid())
                .post(sms.webhookUrl().substring(sms.webhookUrl().indexOf("/elements"))).then().statusCode(202);
        status(sms, sid).body("status", equalTo("delivered"));
    }

    @Test
    void aCallbackBeforeTheAsyncSendRecordedItsSidIsKept() throws Exception {
        Sms sms = instance();
        String sid = FakeTwilio.newSid();
        // the callback arrives first (Twilio can be faster than the hub's own write)
        callback(sms, sid, "failed", "30006").statusCode(200);
        twilio.answer(sms.accountSid(), FakeTwilio.created(sid, TO, FROM));
        String id = sms.request().header("Prefer", "respond-async")
                .body("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"Hi\"}".formatted(TO, FROM))
                .post(MESSAGES).then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> status(sms, id)
                .body("sid", equalTo(sid)).body("status", equalTo("failed")).body("errorCode", equalTo(30006)));
    }

    @Test
    void badlySignedCallbacksChangeNothing() throws Exception {
        Sms sms = instance();
        String sid = FakeTwilio.newSid();
        twilio.answer(sms.accountSid(), FakeTwilio.created(sid, TO, FROM));
        sms.send("{\"to\": \"%s\", \"from\": \"%s\", \"message\": \"Hi\"}".formatted(TO, FROM)).statusCode(200);
        given().contentType("application/x-www-form-urlencoded").header("X-Twilio-Signature", "bm90IGl0")
                .body("MessageSid=" + sid + "&MessageStatus=delivered&AccountSid=" + sms.accountSid())
                .post(sms.webhookUrl().substring(sms.webhookUrl().indexOf("/elements"))).then().statusCode(401);
        status(sms, sid).body("status", equalTo("queued"));
    }

    ValidatableResponse status(Sms sms, String id) {
        return sms.request().get(MESSAGES + "/" + id).then().statusCode(200);
    }

    /** A status callback as Twilio posts it, signed with the instance's auth token over its webhook URL. */
    static ValidatableResponse callback(Sms sms, String sid, String status, String errorCode) throws Exception {
        Map<String, String> params = new TreeMap<>();
        params.put("MessageSid", sid);
        params.put("SmsSid", sid);
        params.put("MessageStatus", status);
        params.put("SmsStatus", status);
        params.put("AccountSid", sms.accountSid());
        params.put("To", TO);
        params.put("From", FROM);
        params.put("ApiVersion", "2010-04-01");
        if (errorCode != null) {
            params.put("ErrorCode", errorCode);
        }
        StringBuilder signed = new StringBuilder(sms.webhookUrl());
        params.forEach((k, v) -> signed.append(k).append(v));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec("auth-token".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(
                signed.toString().getBytes(StandardCharsets.UTF_8)));
        RequestSpecification request = given().header("X-Twilio-Signature", signature);
        params.forEach(request::formParam);
        return request.post(sms.webhookUrl().substring(sms.webhookUrl().indexOf("/elements"))).then();
    }
}
