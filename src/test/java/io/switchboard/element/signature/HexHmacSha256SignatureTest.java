package io.switchboard.element.signature;

import static io.switchboard.element.signature.SignatureTestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class HexHmacSha256SignatureTest {

    private static final Clock CLOCK = Clock.systemUTC();
    // hex HMAC-SHA256("s3cret", {"id":"o1"}), computed with openssl
    private static final String GENERIC = "sha256=7c5ff326a15ecec6e6cc64262bda2591cb91f8ee7d7d8d606102d411f92bdcd8";
    // GitHub's published example: secret "It's a Secret to Everybody", payload "Hello, World!"
    private static final String GITHUB = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private final SignatureScheme generic = HexHmacSha256Signature.generic();
    private final SignatureScheme github = HexHmacSha256Signature.gitHub();

    @Test
    void aValidGenericSignaturePasses() {
        assertEquals(Optional.empty(), generic.verify(request("POST", "https://h/e", "application/json",
                "{\"id\":\"o1\"}", "X-Signature", GENERIC), "s3cret", CLOCK));
    }

    @Test
    void hexIsReadInEitherCase() {
        assertEquals(Optional.empty(), generic.verify(request("POST", "https://h/e", "application/json",
                "{\"id\":\"o1\"}", "x-signature", "SHA256=" + GENERIC.substring(7).toUpperCase()), "s3cret", CLOCK));
    }

    @Test
    void gitHubsPublishedVectorPasses() {
        assertEquals(Optional.empty(), github.verify(request("POST", "https://h/e", "application/json",
                "Hello, World!", "X-Hub-Signature-256", GITHUB), "It's a Secret to Everybody", CLOCK));
    }

    @Test
    void aTamperedBodyFails() {
        assertEquals(Optional.of("the X-Hub-Signature-256 signature does not match the body"),
                github.verify(request("POST", "https://h/e", "application/json", "Hello, World?",
                        "X-Hub-Signature-256", GITHUB), "It's a Secret to Everybody", CLOCK));
        assertEquals(Optional.of("the X-Signature signature does not match the body"),
                generic.verify(request("POST", "https://h/e", "application/json", "{\"id\":\"o1\"} ",
                        "X-Signature", GENERIC), "s3cret", CLOCK));
    }

    @Test
    void aWrongSecretFails() {
        assertEquals(Optional.of("the X-Signature signature does not match the body"), generic.verify(
                request("POST", "https://h/e", "application/json", "{\"id\":\"o1\"}", "X-Signature", GENERIC),
                "s3cret2", CLOCK));
    }

    @Test
    void aMissingOrMalformedHeaderFails() {
        assertEquals(Optional.of("the X-Signature header is missing"), generic.verify(
                request("POST", "https://h/e", "application/json", "{\"id\":\"o1\"}"), "s3cret", CLOCK));
        assertEquals(Optional.of("the X-Signature header must be sha256=<hex HMAC-SHA256 of the body>"),
                generic.verify(request("POST", "https://h/e", "application/json", "{\"id\":\"o1\"}",
                        "X-Signature", GENERIC.substring(7)), "s3cret", CLOCK));
        assertEquals(Optional.of("the X-Signature signature does not match the body"), generic.verify(
                request("POST", "https://h/e", "application/json", "{\"id\":\"o1\"}", "X-Signature", "sha256=zz"),
                "s3cret", CLOCK));
    }
}
