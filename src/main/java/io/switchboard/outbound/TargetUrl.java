package io.switchboard.outbound;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * An outgoing URL taken apart the way an HTTP client would read it. Numeric hosts follow inet_aton, as curl and
 * browsers (WHATWG URL) do, so {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1} and {@code 2130706433} are all
 * 127.0.0.1; the JDK alone would read {@code 0177.0.0.1} as 177.0.0.1 and check the wrong address.
 *
 * @param uri     canonical form: numeric host as dotted IPv4, lower-case name, no user information, no fragment
 * @param host    the host name to resolve, or the literal address's text
 * @param literal the address when the host is numeric; a name is resolved later
 */
record TargetUrl(URI uri, String host, Optional<InetAddress> literal) {

    static TargetUrl parse(String label, String url) {
        if (url == null || url.isBlank()) {
            throw new TargetRefusedException(label + " is empty");
        }
        URI given;
        try {
            given = new URI(url);
        } catch (URISyntaxException e) {
            throw new TargetRefusedException(label + " is not a valid URL: " + e.getReason());
        }
        String scheme = given.getScheme() == null ? "" : given.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new TargetRefusedException(label + " must be an http or https URL"
                    + (scheme.isEmpty() ? "" : ", not " + scheme));
        }
        String authority = given.getRawAuthority();
        if (given.isOpaque() || authority == null || authority.isEmpty()) {
            throw new TargetRefusedException(label + " has no host");
        }
        if (authority.contains("@")) {
            throw new TargetRefusedException(label + " must not contain user information (user:password@)");
        }

        String rawHost;
        String rawPort;
        boolean bracketed = authority.startsWith("[");
        if (bracketed) {
            int end = authority.indexOf(']');
            if (end < 0) {
                throw new TargetRefusedException(label + " has an unterminated IPv6 address");
            }
            rawHost = authority.substring(1, end);
            String rest = authority.substring(end + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new TargetRefusedException(label + " has text after its IPv6 address");
            }
            rawPort = rest.isEmpty() ? "" : rest.substring(1);
        } else {
            int colon = authority.lastIndexOf(':');
            rawHost = colon < 0 ? authority : authority.substring(0, colon);
            rawPort = colon < 0 ? "" : authority.substring(colon + 1);
        }
        int port = port(label, rawPort);

        String host;
        Optional<InetAddress> literal;
        if (bracketed) {
            literal = Optional.of(ipv6(label, rawHost));
            host = literal.get().getHostAddress();
        } else {
            host = name(label, rawHost);
            literal = InetAddresses.endsInNumber(host)
                    ? Optional.of(InetAddresses.inetAton(host).orElseThrow(() -> new TargetRefusedException(
                            label + " host " + rawHost + " is not a valid IPv4 address")))
                    : Optional.empty();
            if (literal.isPresent()) {
                host = literal.get().getHostAddress();
            }
        }
        return new TargetUrl(canonical(label, scheme, host, port, given), host, literal);
    }

    private static int port(String label, String rawPort) {
        if (rawPort.isEmpty()) {
            return -1;
        }
        if (rawPort.length() > 5 || !rawPort.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(rawPort) == 0 || Integer.parseInt(rawPort) > 65535) {
            throw new TargetRefusedException(label + " has an invalid port " + rawPort);
        }
        return Integer.parseInt(rawPort);
    }

    private static InetAddress ipv6(String label, String text) {
        // Only hex digits, colons and dots: no zone id (%eth0), and nothing the JDK would send to DNS.
        if (text.isEmpty() || !text.contains(":") || !text.chars().allMatch(
                c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            throw new TargetRefusedException(label + " host [" + text + "] is not a valid IPv6 address");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new TargetRefusedException(label + " host [" + text + "] is not a valid IPv6 address");
        }
    }

    private static String name(String label, String rawHost) {
        if (rawHost.isEmpty()) {
            throw new TargetRefusedException(label + " has no host");
        }
        if (rawHost.contains("%")) {
            // Clients differ on whether they decode %-escapes in a host, so what we check might not be what is called.
            throw new TargetRefusedException(label + " host must not contain %-escapes");
        }
        String ascii;
        try {
            // IDNA maps full-width digits and dots to ASCII, as browsers do, before the numeric check below.
            ascii = IDN.toASCII(rawHost, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new TargetRefusedException(label + " host " + rawHost + " is not a valid host name");
        }
        return ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
    }

    private static URI canonical(String label, String scheme, String host, int port, URI given) {
        StringBuilder text = new StringBuilder(scheme).append("://")
                .append(host.contains(":") ? "[" + host + "]" : host);
        if (port != -1) {
            text.append(':').append(port);
        }
        text.append(given.getRawPath() == null || given.getRawPath().isEmpty() ? "/" : given.getRawPath());
        if (given.getRawQuery() != null) {
            text.append('?').append(given.getRawQuery());
        }
        try {
            return new URI(text.toString()).parseServerAuthority();
        } catch (URISyntaxException e) {
            throw new TargetRefusedException(label + " host " + host + " is not a valid host name");
        }
    }
}
