package io.switchboard.poll;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The URLs of a polled resource's pages: the first from the resource's URL and the instance's base URL, each next
 * one resolved against the page that named it, and how a URL may be shown in a failure.
 */
final class PageUrls {

    private PageUrls() {
    }

    /**
     * The first page's URL: {@code url} (placeholders filled) as it is when absolute, else appended to
     * {@code base}.
     *
     * @param name       the resource's name, for a failure
     * @param baseUrlKey where the base URL is configured, for a failure
     */
    static URI first(String url, String base, String name, String baseUrlKey) {
        if (!url.regionMatches(true, 0, "http://", 0, 7) && !url.regionMatches(true, 0, "https://", 0, 8)) {
            if (base == null) {
                throw new PollFailure(name + ".url is relative, but the instance has no base URL (" + baseUrlKey
                        + ")");
            }
            url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + (url.startsWith("/")
                    || url.startsWith("?") ? "" : "/") + url;
        }
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new PollFailure(name + ".url is not a valid URL once its placeholders are filled ("
                    + e.getReason() + " at index " + e.getIndex() + ")");
        }
    }

    /**
     * RFC 3986 §5.2 reference resolution by {@link URI#resolve}, with what that method does after RFC 2396 instead
     * mended: a reference that is only a query keeps the base's whole path (2396 drops its last segment), dot
     * segments that climb above the root are removed (2396 keeps them, e.g. {@code http://a/../g}), so are those
     * of an absolute path, and the fragment goes (it is never sent).
     */
    static URI resolve(URI base, String reference) throws URISyntaxException {
        URI ref = new URI(reference);
        boolean queryOnly = ref.getScheme() == null && ref.getRawAuthority() == null && ref.getRawPath().isEmpty()
                && ref.getRawQuery() != null;
        URI resolved = queryOnly ? new URI(origin(base) + pathOrRoot(base) + "?" + ref.getRawQuery())
                : base.resolve(ref);
        if (resolved.getRawAuthority() == null) {
            return resolved; // not a web URL; the SSRF guard refuses it by name
        }
        String path = resolved.getRawPath();
        if (!queryOnly && path != null && (path.contains("/./") || path.contains("/../") || path.endsWith("/.")
                || path.endsWith("/.."))) {
            path = belowRoot(resolved.normalize().getRawPath());
        }
        return new URI(origin(resolved) + (path == null ? "" : path)
                + (resolved.getRawQuery() == null ? "" : "?" + resolved.getRawQuery()));
    }

    /** Drops the leading {@code /..} segments {@link URI#normalize} keeps. */
    private static String belowRoot(String path) {
        while (path.startsWith("/../")) {
            path = path.substring(3);
        }
        return path.equals("/..") ? "/" : path;
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static String pathOrRoot(URI uri) {
        return uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    }

    /** Same scheme, host and port: the instance's credentials go only to the first URL's origin. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** A URL as a failure may show it: no query string (it may hold a key) and no user information. */
    static String shown(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }
}
