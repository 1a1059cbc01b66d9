package io.switchboard.outbound;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** Numeric IPv4 host forms as inet_aton and the WHATWG URL standard read them. */
final class InetAddresses {

    private InetAddresses() {
    }

    /**
     * Whether the last label is a number ({@code 1}, {@code 0x1f}); a URL parser must then read the whole host as
     * IPv4 or reject it, never look it up as a name.
     */
    static boolean endsInNumber(String host) {
        String last = host.substring(host.lastIndexOf('.') + 1);
        if (last.isEmpty()) {
            return false;
        }
        if (last.startsWith("0x")) {
            return last.chars().skip(2).allMatch(c -> Character.digit(c, 16) >= 0);
        }
        return last.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * Reads {@code a}, {@code a.b}, {@code a.b.c} or {@code a.b.c.d}, each part decimal, octal (leading 0) or hex
     * (0x); the last part fills the remaining bytes. Empty when the host is not such an address.
     */
    static Optional<InetAddress> inetAton(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long address = 0;
        for (int i = 0; i < parts.length; i++) {
            Optional<Long> value = number(parts[i]);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            boolean last = i == parts.length - 1;
            long limit = last ? 1L << (8 * (4 - i)) : 256;
            if (value.get() >= limit) {
                return Optional.empty();
            }
            address = last ? address | value.get() : address | value.get() << (8 * (3 - i));
        }
        byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static Optional<Long> number(String part) {
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x") || part.startsWith("0X")) {
            radix = 16;
            digits = part.substring(2);
            if (digits.isEmpty()) {
                return Optional.of(0L); // "0x" alone is zero to inet_aton and WHATWG
            }
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        int base = radix;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> Character.digit(c, base) >= 0)) {
            return Optional.empty();
        }
        BigInteger value = new BigInteger(digits, radix);
        // Anything wider than 32 bits fails the caller's range check; leading zeros are allowed, as inet_aton does.
        return Optional.of(value.bitLength() > 32 ? Long.MAX_VALUE : value.longValueExact());
    }
}
