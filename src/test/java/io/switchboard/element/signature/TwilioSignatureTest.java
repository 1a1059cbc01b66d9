package io.switchboard.element.signature;

import static io.switchboard.element.signature.SignatureTestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Against the vectors of Twilio's own request validator tests (twilio-java RequestValidatorTest). */
class TwilioSignatureTest {

    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final String FORM = "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234"
            + "&From=%2B14158675309&To=%2B18005551212";
    private static final String SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    private static final String JSON = "{\"property\": \"value\", \"boolean\": true}";
    private static final String BODY_HASH = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    private static final String JSON_SIGNATURE = "a9nBmqA0ju/hNViExpshrM61xv4=";

    private final TwilioSignature twilio = new TwilioSignature();

    private Optional<String> form(String url, String body, String token, String signature) {
        return twilio.verify(request("POST", url, "application/x-www-form-urlencoded", body,
                "X-Twilio-Signature", signature), token, Clock.systemUTC());
    }

    private Optional<String> json(String url, String body, String signature) {
        return twilio.verify(request("POST", url, "application/json", body, "X-Twilio-Signature", signature),
                TOKEN, Clock.systemUTC());
    }

    @Test
    void thePublishedFormVectorPasses() {
        assertEquals(Optional.empty(), form(URL, FORM, TOKEN, SIGNATURE));
    }

    @Test
    void parameterOrderInTheBodyDoesNotMatter() {
        String shuffled = "To=%2B18005551212&Digits=1234&From=%2B14158675309&CallSid=CA1234567890ABCDE"
                + "&Caller=%2B14158675309";

        assertEquals(Optional.empty(), form(URL, shuffled, TOKEN, SIGNATURE));
    }

    @Test
    void theUrlIsAcceptedWithOrWithoutTheDefaultPort() {
        assertEquals(Optional.empty(), form("https://mycompany.com:443/myapp.php?foo=1&bar=2", FORM, TOKEN,
                SIGNATURE), "Twilio signed without the port, the hub sees it with");
        assertEquals(Optional.empty(), form(URL, FORM, TOKEN, "kvajT1Ptam85bY51eRf/AJRuM3w="),
                "Twilio signed with :443, the hub sees it without");
        assertEquals(Optional.empty(), form(URL.replace("https", "http"), FORM, TOKEN,
                "0ZXoZLH/DfblKGATFgpif+LLRf4="), "Twilio signed with :80");
    }

    @Test
    void urlVariantsOnlyTouchTheDefaultPort() {
        assertEquals(List.of("https://a.example:8443/x"), TwilioSignature.urlVariants("https://a.example:8443/x"));
        assertEquals(List.of("http://u@a.example/x?y=1", "http://u@a.example:80/x?y=1"),
                TwilioSignature.urlVariants("http://u@a.example/x?y=1"));
        assertEquals(List.of("https://[::1]:443", "https://[::1]"), TwilioSignature.urlVariants("https://[::1]:443"));
    }

    @Test
    void aTamperedParameterFails() {
        assertEquals(Optional.of("the X-Twilio-Signature does not match the URL and parameters"),
                form(URL, FORM.replace("Digits=1234", "Digits=1235"), TOKEN, SIGNATURE));
    }

    @Test
    void anotherUrlFails() {
        assertEquals(Optional.of("the X-Twilio-Signature does not match the URL and parameters"),
                form("https://mycompany.com/myapp.php?foo=1&bar=3", FORM, TOKEN, SIGNATURE));
    }

    @Test
    void aWrongTokenFails() {
        assertEquals(Optional.of("the X-Twilio-Signature does not match the URL and parameters"),
                form(URL, FORM, "54321", SIGNATURE));
    }

    @Test
    void aMissingHeaderFails() {
        assertEquals(Optional.of("the X-Twilio-Signature header is missing"), twilio.verify(request("POST", URL,
                "application/x-www-form-urlencoded", FORM), TOKEN, Clock.systemUTC()));
    }

    @Test
    void aJsonBodyIsCoveredByBodySha256InTheSignedUrl() {
        assertEquals(Optional.empty(), json(URL + "&bodySHA256=" + BODY_HASH, JSON, JSON_SIGNATURE));
        assertEquals(Optional.empty(), json("https://mycompany.com/myapp.php?bodySHA256=" + BODY_HASH, JSON,
                "y77kIzt2vzLz71DgmJGsen2scGs="));
    }

    @Test
    void aJsonBodyThatDoesNotMatchItsHashFails() {
        assertEquals(Optional.of("the body does not match the bodySHA256 query parameter"),
                json(URL + "&bodySHA256=" + BODY_HASH, JSON.replace("true", "false"), JSON_SIGNATURE));
    }

    @Test
    void aJsonBodyWithoutBodySha256Fails() {
        assertEquals(Optional.of("the X-Twilio-Signature does not match the URL and parameters"),
                json(URL, JSON, SIGNATURE));
    }

    @Test
    void repeatedParametersAreSignedInValueOrder() {
        assertEquals("MediaUrlaMediaUrlbTox", TwilioSignature.signedParameters(
                Map.of("To", List.of("x"), "MediaUrl", List.of("b", "a"))));
    }
}
