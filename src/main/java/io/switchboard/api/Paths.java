package io.switchboard.api;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Whether a request target's path is one the routes can be matched against: a URI path (RFC 3986, as
 * {@link URI} reads it: every {@code %} followed by two hexadecimal digits, no {@code [ ] { } | \ ^ "} or
 * spaces) that Vert.x can normalize. Other request targets ({@code *}, the absolute form) are left to Vert.x.
 */
final class Paths {

    /** Characters of a URI path that need no escape (RFC 3986 pchar without "%", and "/"). */
    private static final java.util.BitSet PLAIN = new java.util.BitSet(128);

    static {
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/".chars().forEach(PLAIN::set);
    }

    private Paths() {
    }

    static boolean valid(String target) {
        if (target == null || target.isEmpty() || target.charAt(0) != '/') {
            return true;
        }
        int end = target.length();
        boolean plain = true;
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
            plain &= PLAIN.get(c);
        }
        if (plain) {
            // only characters a URI path may hold as they are, and no %-escape: valid, and normalized without fail
            return true;
        }
        String path = target.substring(0, end);
        try {
            new URI(path);
            io.vertx.core.http.impl.HttpUtils.normalizePath(path);
            return true;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return false;
        }
    }
}
