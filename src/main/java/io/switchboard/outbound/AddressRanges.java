package io.switchboard.outbound;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/** Which addresses an outgoing call must not reach, and what to call them in a refusal. */
final class AddressRanges {

    static final String LOOPBACK = "a loopback address";
    static final String PRIVATE = "a private address";
    static final String LINK_LOCAL = "a link-local address";
    static final String METADATA = "a cloud metadata address";
    static final String CGNAT = "a carrier-grade NAT address";
    static final String UNSPECIFIED = "an unspecified address";
    static final String MULTICAST = "a multicast address";
    static final String RESERVED = "a reserved address";
    static final String BENCHMARKING = "a benchmarking address";
    static final String DOCUMENTATION = "a documentation address";

    private static final byte[] AWS_IPV6_METADATA = {(byte) 0xfd, 0x00, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0x02, 0x54};

    private AddressRanges() {
    }

    /** The kind of forbidden address {@code address} is, or empty when a public call to it is fine. */
    static Optional<String> forbidden(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? forbiddenV4(bytes) : forbiddenV6(bytes);
    }

    private static Optional<String> forbiddenV4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        int third = b[2] & 0xff;
        int fourth = b[3] & 0xff;
        if (first == 0) {
            return Optional.of(UNSPECIFIED);
        }
        if (first == 127) {
            return Optional.of(LOOPBACK);
        }
        if (first == 10 || first == 172 && (second & 0xf0) == 16 || first == 192 && second == 168) {
            return Optional.of(PRIVATE);
        }
        if (first == 169 && second == 254) {
            return Optional.of(third == 169 && fourth == 254 ? METADATA : LINK_LOCAL);
        }
        if (first == 100 && (second & 0xc0) == 64) {
            // Alibaba Cloud's metadata service lives inside the shared address space.
            return Optional.of(second == 100 && third == 100 && fourth == 200 ? METADATA : CGNAT);
        }
        if (first == 192 && second == 0 && third == 0) {
            return Optional.of(RESERVED);
        }
        if (first == 198 && (second & 0xfe) == 18) {
            return Optional.of(BENCHMARKING); // 198.18.0.0/15, RFC 2544
        }
        if (first == 192 && second == 0 && third == 2 || first == 198 && second == 51 && third == 100
                || first == 203 && second == 0 && third == 113) {
            return Optional.of(DOCUMENTATION); // TEST-NET-1, -2 and -3, RFC 5737
        }
        if (first >= 224 && first < 240) {
            return Optional.of(MULTICAST);
        }
        if (first >= 240) {
            return Optional.of(RESERVED);
        }
        return Optional.empty();
    }

    private static Optional<String> forbiddenV6(byte[] b) {
        if (Arrays.equals(b, AWS_IPV6_METADATA)) {
            return Optional.of(METADATA);
        }
        if (zeros(b, 0, 15)) {
            int last = b[15] & 0xff;
            if (last == 0) {
                return Optional.of(UNSPECIFIED);
            }
            if (last == 1) {
                return Optional.of(LOOPBACK);
            }
        }
        // Forms that carry an IPv4 address and reach it: mapped ::ffff:a.b.c.d, compatible ::a.b.c.d,
        // NAT64 64:ff9b::a.b.c.d, and 6to4 2002:aabb:ccdd::.
        if (zeros(b, 0, 10) && (b[10] == (byte) 0xff && b[11] == (byte) 0xff || b[10] == 0 && b[11] == 0)) {
            return forbiddenV4(Arrays.copyOfRange(b, 12, 16));
        }
        if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
            if (zeros(b, 4, 12)) {
                return forbiddenV4(Arrays.copyOfRange(b, 12, 16));
            }
            if (b[4] == 0 && b[5] == 1) {
                return Optional.of(PRIVATE); // 64:ff9b:1::/48, NAT64 for local use
            }
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return forbiddenV4(Arrays.copyOfRange(b, 2, 6));
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return Optional.of(DOCUMENTATION); // 2001:db8::/32, RFC 3849
        }
        if ((first & 0xfe) == 0xfc) {
            return Optional.of(PRIVATE); // fc00::/7 unique-local
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return Optional.of(LINK_LOCAL);
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return Optional.of(PRIVATE); // fec0::/10, the deprecated site-local range
        }
        if (first == 0xff) {
            return Optional.of(MULTICAST);
        }
        return Optional.empty();
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
