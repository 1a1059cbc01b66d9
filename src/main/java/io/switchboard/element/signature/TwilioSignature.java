package io.switchboard.element.signature;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.inject.Singleton;

import io.switchboard.element.FormEncoding;
import io.switchboard.element.InboundWebhook;

/**
 * {@code X-Twilio-Signature}: base64 HMAC-SHA1 (keyed with the auth token) of the full URL Twilio called
 * followed, for form bodies, by each parameter's name and value, sorted by name. A JSON body is instead
 * covered by a {@code bodySHA256} query parameter (hex SHA-256 of the body) inside the signed URL. Like
 * Twilio's own validators, the URL is accepted with or without its default port ({@code :443}, {@code :80}),
 * since proxies disagree on whether to show it.
 */
@Singleton
public final class TwilioSignature implements SignatureScheme {

    @Override
    public String name() {
        return "twilio";
    }

    static final String HEADER = "X-Twilio-Signature";
    static final String BODY_HASH = "bodySHA256";

    @Override
    public Optional<String> verify(InboundWebhook request, String secret, Clock clock) {
        Optional<String> signature = request.header(HEADER);
        if (signature.isEmpty() || signature.get().isBlank()) {
            return Optional.of("the X-Twilio-Signature header is missing");
        }
        Map<String, List<String>> parameters = Map.of();
        Optional<String> bodyHash = request.queryParameter(BODY_HASH);
        if (bodyHash.isPresent()) {
            if (!Hmac.matchesHex(bodyHash.get(), Hmac.sha256(request.body()))) {
                return Optional.of("the body does not match the bodySHA256 query parameter");
            }
        } else if (isForm(request.contentType())) {
            try {
                parameters = FormEncoding.decode(new String(request.body(), StandardCharsets.UTF_8),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.of("the form body cannot be decoded to check X-Twilio-Signature");
            }
        }
        String signedParameters = signedParameters(parameters);
        boolean matches = false;
        for (String url : urlVariants(request.url())) {
            byte[] expected = Hmac.sign(Hmac.SHA1, secret, Hmac.utf8(url + signedParameters));
            matches |= Hmac.matchesBase64(signature.get(), expected);
        }
        return matches ? Optional.empty()
                : Optional.of("the X-Twilio-Signature does not match the URL and parameters");
    }

    static String signedParameters(Map<String, List<String>> parameters) {
        StringBuilder signed = new StringBuilder();
        new TreeMap<>(parameters).forEach((name, values) -> values.stream().sorted()
                .forEach(value -> signed.append(name).append(value)));
        return signed.toString();
    }

    /** The URL as given, then the same URL with its default port added, or removed when it is there. */
    static List<String> urlVariants(String url) {
        List<String> variants = new ArrayList<>(List.of(url));
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            return variants;
        }
        String defaultPort = switch (url.substring(0, schemeEnd).toLowerCase(Locale.ROOT)) {
            case "https" -> "443";
            case "http" -> "80";
            default -> null;
        };
        if (defaultPort == null) {
            return variants;
        }
        int authorityStart = schemeEnd + 3;
        int authorityEnd = url.length();
        for (char delimiter : new char[] {'/', '?', '#'}) {
            int at = url.indexOf(delimiter, authorityStart);
            if (at >= 0 && at < authorityEnd) {
                authorityEnd = at;
            }
        }
        String authority = url.substring(authorityStart, authorityEnd);
        int colon = authority.lastIndexOf(':');
        boolean hasPort = colon > authority.lastIndexOf(']') && colon > authority.lastIndexOf('@');
        String head = url.substring(0, authorityStart);
        String tail = url.substring(authorityEnd);
        if (!hasPort) {
            variants.add(head + authority + ":" + defaultPort + tail);
        } else if (authority.substring(colon + 1).equals(defaultPort)) {
            variants.add(head + authority.substring(0, colon) + tail);
        }
        return variants;
    }

    private static boolean isForm(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).trim()
                .startsWith("application/x-www-form-urlencoded");
    }
}
