package io.switchboard.element;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A vendor's HTTP request exactly as it reached the hub: what signature schemes verify and what the normalizer
 * reads headers and query parameters from.
 *
 * @param method      the HTTP method, upper case
 * @param url         the full URL as the vendor called it, query string included (built on
 *                    {@code switchboard.public-url}, since vendors sign the URL they were given)
 * @param headers     header values by name; names are case-insensitive
 * @param body        the exact body bytes (never modified: signatures are computed over them)
 * @param contentType the {@code Content-Type} header value, {@code null} when absent
 * @param receivedAt  when the hub received it; the date of events whose payload carries none
 */
public record InboundWebhook(String method, String url, Map<String, List<String>> headers, byte[] body,
        String contentType, Instant receivedAt) {

    public InboundWebhook {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(receivedAt, "receivedAt");
        method = method == null ? "POST" : method.toUpperCase(Locale.ROOT);
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> copy.computeIfAbsent(name, n -> new ArrayList<>())
                    .addAll(values == null ? List.of() : values));
        }
        copy.replaceAll((name, values) -> List.copyOf(values));
        headers = Collections.unmodifiableMap(copy);
        body = body == null ? new byte[0] : body;
    }

    /** A request whose content type is taken from its {@code Content-Type} header. */
    public static InboundWebhook of(String method, String url, Map<String, List<String>> headers, byte[] body,
            Instant receivedAt) {
        InboundWebhook request = new InboundWebhook(method, url, headers, body, null, receivedAt);
        return new InboundWebhook(method, url, headers, body, request.header("Content-Type").orElse(null),
                receivedAt);
    }

    /** The first value of a header (any case), if the request carries it. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    /** The first of the named headers that the request carries, e.g. a vendor's old and new header names. */
    public Optional<String> firstHeader(String... names) {
        for (String name : names) {
            Optional<String> value = header(name);
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    /** The query parameters of {@link #url()}, decoded, in the order they appear. */
    public Map<String, List<String>> queryParameters() {
        int start = url.indexOf('?');
        if (start < 0) {
            return Map.of();
        }
        int end = url.indexOf('#', start);
        String query = url.substring(start + 1, end < 0 ? url.length() : end);
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException malformed) {
                // a vendor's odd parameter must not break the others
            }
        }
        return parameters;
    }

    public Optional<String> queryParameter(String name) {
        List<String> values = queryParameters().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "InboundWebhook[" + method + " " + url + ", " + body.length + " bytes of " + contentType + "]";
    }
}
