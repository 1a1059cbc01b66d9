package io.switchboard.api;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Whether a request target's path is one the routes can be matched against: a URI path (RFC 3986, as
 * {@link URI} reads it: every {@code %} followed by two hexadecimal digits, no {@code [ ] { } | \ ^ "} or
 * spaces) that Vert.x can normalize. Other request targets ({@code *}, the absolute form) are left to Vert.x.
 */
final class Paths {

    private Paths() {
    }

    static boolean valid(String target) {
        if (target == null || target.isEmpty() || target.charAt(0) != '/') {
            return true;
        }
        int end = target.length();
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
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
