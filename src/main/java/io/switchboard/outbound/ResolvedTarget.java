package io.switchboard.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/**
 * A URL that passed {@link TargetGuard#resolve} and the checked addresses to connect to, so that a second DNS answer
 * (rebinding) cannot send the call elsewhere.
 *
 * @param uri       the URL in canonical form: numeric hosts written as dotted IPv4, no user information, no fragment
 * @param addresses at least one address, in resolver order
 */
public record ResolvedTarget(URI uri, List<InetAddress> addresses) {

    public ResolvedTarget {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a resolved target needs at least one address");
        }
    }
}
