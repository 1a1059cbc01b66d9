package io.switchboard.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.switchboard.error.FieldError;
import io.switchboard.api.ProblemMapper;
import io.switchboard.error.HubError;
import io.switchboard.instance.InstanceSettings;

class MessageValidatorTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:15:30Z"), ZoneOffset.UTC);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    static InstanceSettings instance(String... keyValues) {
        Map<String, String> configuration = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            configuration.put(keyValues[i], keyValues[i + 1]);
        }
        return new InstanceSettings(1, 1, "twilio", "sms", List.of(), false, configuration);
    }

    static MessageRequest request(String to, String from, String message) {
        return new MessageRequest(to, from, message, null, null, null);
    }

    static HubError refused(MessageRequest request, InstanceSettings instance) {
        return assertThrows(HubError.class, () -> MessageValidator.validate(request, instance, CLOCK));
    }

    static List<String> fields(HubError problem) {
        return problem.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void aValidMessagePasses() {
        OutboundMessage message = MessageValidator.validate(
                new MessageRequest(" +14155550100 ", "+14155550199", null, "Hi", List.of("https://cdn.example/a.png"),
                        JSON.textNode("2026-11-22T10:15:00Z")),
                instance("event.ttl", "60"), CLOCK);
        assertEquals(new OutboundMessage("+14155550100", "+14155550199", "Hi", List.of("https://cdn.example/a.png")),
                message);
    }

    @Test
    void numbersMustBeE164() {
        for (String bad : List.of("14155550100", "+0415555", "+1", "+1415555010012345", "+1 415 555 0100", "abc")) {
            HubError problem = refused(request(bad, "+14155550199", "Hi"), instance());
            assertEquals(List.of("to"), fields(problem), bad);
            assertTrue(problem.errors().get(0).message().contains("E.164"));
        }
        assertEquals(List.of("from"), fields(refused(request("+14155550100", "0800", "Hi"), instance())));
        assertEquals(List.of("to"), fields(refused(request(null, "+14155550199", "Hi"), instance())));
    }

    @Test
    void theInstancePatternReplacesE164() {
        InstanceSettings local = instance("messaging.phone.pattern", "^0\\d{9}$");
        OutboundMessage message = MessageValidator.validate(request("0612345678", "0698765432", "Hi"), local, CLOCK);
        assertEquals("0612345678", message.to());
        HubError problem = refused(request("+14155550100", "0698765432", "Hi"), local);
        assertEquals(List.of("to"), fields(problem));
        assertTrue(problem.errors().get(0).message().contains("messaging.phone.pattern"));
        HubError invalid = refused(request("0612345678", null, "Hi"), instance("messaging.phone.pattern", "(["));
        assertEquals(List.of("messaging.phone.pattern"), fields(invalid));
    }

    @Test
    void fromDefaultsToTheInstanceSender() {
        OutboundMessage message = MessageValidator.validate(request("+14155550100", null, "Hi"),
                instance("twilio.default.sender", "+14155550199"), CLOCK);
        assertEquals("+14155550199", message.from());
        HubError problem = refused(request("+14155550100", null, "Hi"), instance());
        assertEquals(List.of("from"), fields(problem));
        assertTrue(problem.detail().contains("twilio.default.sender"));
    }

    @Test
    void aTextOrMediaIsRequired() {
        assertEquals(List.of("message"), fields(refused(request("+14155550100", "+14155550199", "  "), instance())));
        OutboundMessage media = MessageValidator.validate(new MessageRequest("+14155550100", "+14155550199", null,
                null, List.of("http://cdn.example/a.png"), null), instance(), CLOCK);
        assertEquals(null, media.text());
    }

    @Test
    void atMost1600CodePoints() {
        String emoji = "😀".repeat(1600); // 3200 UTF-16 units, 1600 characters
        assertEquals(emoji, MessageValidator.validate(request("+14155550100", "+14155550199", emoji), instance(),
                CLOCK).text());
        HubError problem = refused(request("+14155550100", "+14155550199", "a".repeat(1601)), instance());
        assertEquals(List.of("message"), fields(problem));
        assertTrue(problem.detail().contains("1601"));
    }

    @Test
    void atMostTenHttpMediaUrls() {
        List<String> eleven = Collections.nCopies(11, "https://cdn.example/a.png");
        assertEquals(List.of("mediaUrls"), fields(refused(new MessageRequest("+14155550100", "+14155550199", "Hi",
                null, eleven, null), instance())));
        HubError problem = refused(new MessageRequest("+14155550100", "+14155550199", "Hi", null,
                List.of("https://ok.example/a.png", "ftp://cdn.example/a.png", "/relative.png", "https://"), null),
                instance());
        assertEquals(List.of("mediaUrls[1]", "mediaUrls[2]", "mediaUrls[3]"), fields(problem));
    }

    @Test
    void messageAndBodyMustAgree() {
        assertEquals(List.of("body"), fields(refused(new MessageRequest("+14155550100", "+14155550199", "a", "b",
                null, null), instance())));
    }

    @Test
    void everyFieldAtFaultIsNamedAtOnce() {
        HubError problem = refused(new MessageRequest("x", null, null, null, null, JSON.textNode("yesterday")),
                instance());
        assertEquals(List.of("to", "from", "message", "timestamp"), fields(problem));
        assertEquals(400, ProblemMapper.status(problem.kind()));
    }

    @Test
    void aTimestampOutOfRangeIsAFieldError() {
        for (var bad : List.of(JSON.numberNode(new java.math.BigInteger("10000000000000000000")),
                JSON.numberNode(-9_000_000_000_000_000_000L), JSON.textNode("99999999999999999999"),
                JSON.numberNode(1.5))) {
            HubError problem = refused(new MessageRequest("+14155550100", "+14155550199", "Hi", null, null, bad),
                    instance());
            assertEquals(List.of("timestamp"), fields(problem), bad.toString());
            assertEquals(400, ProblemMapper.status(problem.kind()));
        }
    }

    @Test
    void aTimestampOlderThanTheTtlIsStale() {
        InstanceSettings ttl = instance("event.ttl", "60");
        HubError stale = refused(new MessageRequest("+14155550100", "+14155550199", "Hi", null, null,
                JSON.textNode("2026-11-22T10:14:00Z")), ttl);
        assertEquals(HubError.Kind.CONFLICT, stale.kind());
        assertTrue(stale.detail().contains("stale"));
        // epoch seconds and milliseconds, and an offset
        long fresh = Instant.parse("2026-11-22T10:15:00Z").getEpochSecond();
        MessageValidator.validate(new MessageRequest("+14155550100", "+14155550199", "Hi", null, null,
                JSON.numberNode(fresh)), ttl, CLOCK);
        MessageValidator.validate(new MessageRequest("+14155550100", "+14155550199", "Hi", null, null,
                JSON.numberNode(fresh * 1000)), ttl, CLOCK);
        MessageValidator.validate(new MessageRequest("+14155550100", "+14155550199", "Hi", null, null,
                JSON.textNode("2026-11-22T11:15:00+01:00")), ttl, CLOCK);
        assertEquals(HubError.Kind.CONFLICT, refused(new MessageRequest("+14155550100", "+14155550199", "Hi", null, null,
                JSON.numberNode(fresh - 3600)), ttl).kind());
        // without event.ttl nothing is stale
        MessageValidator.validate(new MessageRequest("+14155550100", "+14155550199", "Hi", null, null,
                JSON.textNode("2000-01-01T00:00:00Z")), instance(), CLOCK);
    }
}
