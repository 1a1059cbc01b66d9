package io.switchboard.element.signature;

import java.time.Clock;
import java.util.Optional;

import io.switchboard.element.InboundWebhook;

/**
 * {@code <header>: sha256=<hex HMAC-SHA256(secret, body)>}: the generic webhook's {@code X-Signature} and
 * GitHub's {@code X-Hub-Signature-256}.
 */
public final class HexHmacSha256Signature implements SignatureScheme {

    static final String PREFIX = "sha256=";

    private final String name;
    private final String header;

    public HexHmacSha256Signature(String name, String header) {
        this.name = name;
        this.header = header;
    }

    /** {@code hmac-sha256-hex}: the generic webhook's {@code X-Signature}. */
    public static HexHmacSha256Signature generic() {
        return new HexHmacSha256Signature("hmac-sha256-hex", "X-Signature");
    }

    /** {@code github}: {@code X-Hub-Signature-256}. */
    public static HexHmacSha256Signature gitHub() {
        return new HexHmacSha256Signature("github", "X-Hub-Signature-256");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<String> verify(InboundWebhook request, String secret, Clock clock) {
        Optional<String> value = request.header(header);
        if (value.isEmpty() || value.get().isBlank()) {
            return Optional.of("the " + header + " header is missing");
        }
        String signature = value.get().trim();
        if (!signature.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.of("the " + header + " header must be sha256=<hex HMAC-SHA256 of the body>");
        }
        byte[] expected = Hmac.sign(Hmac.SHA256, secret, request.body());
        return Hmac.matchesHex(signature.substring(PREFIX.length()), expected) ? Optional.empty()
                : Optional.of("the " + header + " signature does not match the body");
    }
}
