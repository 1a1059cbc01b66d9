package io.switchboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class DeliverySignerTest {

    // The Standard Webhooks specification's published example.
    private static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final Instant VECTOR_TIME = Instant.ofEpochSecond(1614265330);
    private static final byte[] VECTOR_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    private final DeliverySigner signer = new DeliverySigner(Clock.fixed(VECTOR_TIME, ZoneOffset.UTC));

    @Test
    void withoutAKeyOnlyTheIdIsSent() {
        assertEquals(Map.of("Elements-Webhook-Id", "ntf_1"), signer.headers(null, "ntf_1", VECTOR_BODY));
        assertEquals(Map.of("Elements-Webhook-Id", "ntf_1"), signer.headers("", "ntf_1", VECTOR_BODY));
    }

    @Test
    void aPlainKeySignsTheExactBodyBytes() throws Exception {
        Map<String, String> headers = signer.headers("s3cret", "ntf_1", VECTOR_BODY);

        assertEquals(List.of("Elements-Webhook-Id", "Elements-Webhook-Signature"), List.copyOf(headers.keySet()));
        assertEquals("sha256=" + hmac("s3cret".getBytes(StandardCharsets.UTF_8), VECTOR_BODY),
                headers.get("Elements-Webhook-Signature"));
        // One changed byte changes the signature.
        byte[] altered = VECTOR_BODY.clone();
        altered[altered.length - 2]++;
        assertEquals("sha256=" + hmac("s3cret".getBytes(StandardCharsets.UTF_8), altered),
                signer.headers("s3cret", "ntf_1", altered).get("Elements-Webhook-Signature"));
        assertNotEquals(headers.get("Elements-Webhook-Signature"),
                signer.headers("s3cret", "ntf_1", altered).get("Elements-Webhook-Signature"));
    }

    @Test
    void aPlainKeyIsUsedAsUtf8() throws Exception {
        assertEquals("sha256=" + hmac("schlüssel".getBytes(StandardCharsets.UTF_8), VECTOR_BODY),
                signer.headers("schlüssel", "ntf_1", VECTOR_BODY).get("Elements-Webhook-Signature"));
    }

    @Test
    void aStandardWebhooksKeyReproducesThePublishedVector() throws Exception {
        Map<String, String> headers = signer.headers(VECTOR_SECRET, VECTOR_ID, VECTOR_BODY);

        assertEquals(VECTOR_ID, headers.get("Elements-Webhook-Id"));
        assertEquals(VECTOR_ID, headers.get("webhook-id"));
        assertEquals("1614265330", headers.get("webhook-timestamp"));
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", headers.get("webhook-signature"));
        // The Elements signature is keyed with the configured string as given, prefix included.
        assertEquals("sha256=" + hmac(VECTOR_SECRET.getBytes(StandardCharsets.UTF_8), VECTOR_BODY),
                headers.get("Elements-Webhook-Signature"));
        assertEquals(5, headers.size());
    }

    @Test
    void theTimestampComesFromTheClock() {
        DeliverySigner later = new DeliverySigner(Clock.fixed(VECTOR_TIME.plusSeconds(60), ZoneOffset.UTC));
        Map<String, String> headers = later.headers(VECTOR_SECRET, VECTOR_ID, VECTOR_BODY);
        assertEquals("1614265390", headers.get("webhook-timestamp"));
        assertNotEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", headers.get("webhook-signature"));
    }

    @Test
    void aWhsecKeyThatIsNotBase64SignsOnlyTheElementsWay() {
        Map<String, String> headers = signer.headers("whsec_not base64!", "ntf_1", VECTOR_BODY);
        assertEquals(List.of("Elements-Webhook-Id", "Elements-Webhook-Signature"), List.copyOf(headers.keySet()));
        assertThrows(IllegalArgumentException.class, () -> DeliverySigner.checkKey("whsec_not base64!"));
        DeliverySigner.checkKey(VECTOR_SECRET);
        DeliverySigner.checkKey("any plain key");
    }

    private static String hmac(byte[] key, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }
}
