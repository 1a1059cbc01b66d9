package io.switchboard.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The identifying and signature headers of a notification (API.md §7). The signatures cover the exact body bytes
 * that are sent, so the caller must sign the same array it posts.
 */
public final class DeliverySigner {

    public static final String ID = "Elements-Webhook-Id";
    public static final String SIGNATURE = "Elements-Webhook-Signature";
    public static final String STANDARD_ID = "webhook-id";
    public static final String STANDARD_TIMESTAMP = "webhook-timestamp";
    public static final String STANDARD_SIGNATURE = "webhook-signature";

    private static final String STANDARD_PREFIX = "whsec_";

    private final Clock clock;

    public DeliverySigner(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Headers for one attempt of a notification.
     *
     * @param key            the instance's signature key; null or empty means unsigned
     * @param notificationId the notification's {@code eventId}, stable across retries
     * @param body           the exact bytes that will be posted
     */
    public Map<String, String> headers(String key, String notificationId, byte[] body) {
        Objects.requireNonNull(notificationId, "notificationId");
        Objects.requireNonNull(body, "body");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID, notificationId);
        if (key == null || key.isEmpty()) {
            return Collections.unmodifiableMap(headers);
        }
        headers.put(SIGNATURE, "sha256=" + base64Hmac(key.getBytes(StandardCharsets.UTF_8), body));
        Optional<byte[]> standardSecret = standardWebhooksSecret(key);
        if (standardSecret.isPresent()) {
            long timestamp = clock.instant().getEpochSecond();
            byte[] prefix = (notificationId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
            headers.put(STANDARD_ID, notificationId);
            headers.put(STANDARD_TIMESTAMP, Long.toString(timestamp));
            headers.put(STANDARD_SIGNATURE, "v1," + base64Hmac(standardSecret.get(), prefix, body));
        }
        return Collections.unmodifiableMap(headers);
    }

    /**
     * The decoded secret of a Standard Webhooks key ({@code whsec_<base64>}); empty for any other key. A key that
     * starts with {@code whsec_} but does not decode is used only for {@code Elements-Webhook-Signature}; check
     * keys with {@link #checkKey} when they are configured so that this does not happen silently.
     */
    static Optional<byte[]> standardWebhooksSecret(String key) {
        if (key == null || !key.startsWith(STANDARD_PREFIX)) {
            return Optional.empty();
        }
        try {
            byte[] secret = Base64.getDecoder().decode(key.substring(STANDARD_PREFIX.length()));
            return secret.length == 0 ? Optional.empty() : Optional.of(secret);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    /** Refuses, with a reason, a key that looks like a Standard Webhooks key but is not valid base64 after the prefix. */
    public static void checkKey(String key) {
        if (key != null && key.startsWith(STANDARD_PREFIX) && standardWebhooksSecret(key).isEmpty()) {
            throw new IllegalArgumentException(
                    "a signature key starting with whsec_ must continue with the base64 of the secret");
        }
    }

    private static String base64Hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE and takes any non-empty key", e);
        }
    }
}
