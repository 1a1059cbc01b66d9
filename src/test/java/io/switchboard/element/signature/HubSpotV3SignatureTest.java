package io.switchboard.element.signature;

import static io.switchboard.element.signature.SignatureTestSupport.at;
import static io.switchboard.element.signature.SignatureTestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class HubSpotV3SignatureTest {

    private static final String URL = "https://hub.example/events/hubspot/7?name=a%3Ab";
    private static final String BODY = "[{\"eventId\":1}]";
    private static final String TIMESTAMP = "1700000000000";
    // base64 HMAC-SHA256("client-secret", "POSThttps://hub.example/events/hubspot/7?name=a:b" + BODY + TIMESTAMP),
    // computed with openssl: HubSpot signs the URI with %3A decoded
    private static final String SIGNATURE = "t+/fTP1jhxcoo8RmlOS3sH6TByYRT8nEaAWCIJVN1Kk=";
    private static final Instant SIGNED = Instant.ofEpochMilli(1_700_000_000_000L);

    private final HubSpotV3Signature hubspot = new HubSpotV3Signature();

    private Optional<String> verify(String url, String body, String secret, Instant now, String... headers) {
        return hubspot.verify(request("POST", url, "application/json", body, headers), secret, at(now));
    }

    private Optional<String> verify(String body, String secret, Instant now) {
        return verify(URL, body, secret, now, "X-HubSpot-Signature-v3", SIGNATURE,
                "X-HubSpot-Request-Timestamp", TIMESTAMP);
    }

    @Test
    void aValidSignatureOverTheDecodedUriPasses() {
        assertEquals(Optional.empty(), verify(BODY, "client-secret", SIGNED.plusSeconds(60)));
    }

    @Test
    void onlyTheDocumentedEscapesAreDecoded() {
        assertEquals("https://x/p?a=:/?@!$'()*,;&b=%20%3D",
                HubSpotV3Signature.decodeUri("https://x/p?a=%3A%2F%3F%40%21%24%27%28%29%2A%2C%3B&b=%20%3D"));
        assertEquals("https://x/?a=:", HubSpotV3Signature.decodeUri("https://x/?a=%3a"));
    }

    @Test
    void aTamperedBodyFails() {
        assertEquals(Optional.of("the X-HubSpot-Signature-v3 signature does not match the request"),
                verify("[{\"eventId\":2}]", "client-secret", SIGNED));
    }

    @Test
    void anotherUrlFails() {
        assertEquals(Optional.of("the X-HubSpot-Signature-v3 signature does not match the request"),
                verify("https://hub.example/events/hubspot/8?name=a%3Ab", BODY, "client-secret", SIGNED,
                        "X-HubSpot-Signature-v3", SIGNATURE, "X-HubSpot-Request-Timestamp", TIMESTAMP));
    }

    @Test
    void aWrongSecretFails() {
        assertEquals(Optional.of("the X-HubSpot-Signature-v3 signature does not match the request"),
                verify(BODY, "other-secret", SIGNED));
    }

    @Test
    void aMissingSignatureOrTimestampFails() {
        assertEquals(Optional.of("the X-HubSpot-Signature-v3 header is missing"),
                verify(URL, BODY, "client-secret", SIGNED, "X-HubSpot-Request-Timestamp", TIMESTAMP));
        assertEquals(Optional.of("the X-HubSpot-Request-Timestamp header is missing or not milliseconds"),
                verify(URL, BODY, "client-secret", SIGNED, "X-HubSpot-Signature-v3", SIGNATURE));
    }

    @Test
    void aTimestampOlderThanFiveMinutesFails() {
        assertEquals(Optional.empty(), verify(BODY, "client-secret", SIGNED.plusSeconds(300)));
        assertEquals(Optional.of("the X-HubSpot-Request-Timestamp is 300 s old; at most 300 s is accepted"),
                verify(BODY, "client-secret", SIGNED.plusMillis(300_001)));
    }
}
