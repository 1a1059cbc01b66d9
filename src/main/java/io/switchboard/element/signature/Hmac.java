package io.switchboard.element.signature;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC and digest helpers shared by the schemes. */
final class Hmac {

    static final String SHA256 = "HmacSHA256";
    static final String SHA1 = "HmacSHA1";

    private Hmac() {
    }

    static byte[] sign(String algorithm, String secret, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Constant-time comparison of a received signature with the expected bytes; malformed encodings never match. */
    static boolean matchesHex(String received, byte[] expected) {
        try {
            return MessageDigest.isEqual(HexFormat.of().parseHex(received.trim()), expected);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    static boolean matchesBase64(String received, byte[] expected) {
        try {
            return MessageDigest.isEqual(Base64.getDecoder().decode(received.trim()), expected);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}
