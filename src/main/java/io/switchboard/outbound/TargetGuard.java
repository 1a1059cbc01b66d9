package io.switchboard.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps outgoing calls (callbacks, subscription addresses, polled and messaging base URLs) away from the hub's own
 * network: loopback, private, link-local, metadata, CGNAT, unspecified, multicast and reserved addresses, also when
 * written as IPv4-in-IPv6 or as odd numeric forms. Only http and https, and no user information, are accepted.
 * With {@code switchboard.delivery.allow-private-targets} only the syntax is checked.
 *
 * <p>A URL is checked twice: {@link #checkConfigured} when it is configured, without DNS, so that a literal
 * private address gets a 400; and {@link #resolve} before every call, which resolves the name, checks every address
 * and returns them so the sender connects to exactly what was checked.
 */
public final class TargetGuard {

    static final String SETTING = "switchboard.delivery.allow-private-targets";
    private static final String DEFAULT_LABEL = "callback URL";

    private static final int MAX_LITERALS = 10_000;
    /** Cloud metadata services' names: refused even where the name does not resolve (off the cloud). */
    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog",
            "metadata", "instance-data", "instance-data.ec2.internal", "metadata.azure.internal");

    private final boolean allowPrivateTargets;
    private final HostResolver resolver;
    /** URLs whose host is an address literal, parsed and checked: what {@link #resolve} answered for each. */
    private final ConcurrentHashMap<String, ResolvedTarget> literals = new ConcurrentHashMap<>();

    public TargetGuard(boolean allowPrivateTargets, HostResolver resolver) {
        this.allowPrivateTargets = allowPrivateTargets;
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** Checks a callback URL as it is configured; see {@link #checkConfigured(String, String)}. */
    public URI checkConfigured(String url) {
        return checkConfigured(DEFAULT_LABEL, url);
    }

    /**
     * Checks syntax, scheme and the address: a literal's, or every address a name resolves to now. A name that does
     * not resolve now passes (it may by the time of the call); every call checks again, since DNS answers change.
     *
     * @param label how the URL is named in a refusal, e.g. {@code "rest.base.url"}
     * @return the canonical URL
     * @throws TargetRefusedException with a reason for people
     */
    public URI checkConfigured(String label, String url) {
        TargetUrl target = TargetUrl.parse(label, url);
        if (!allowPrivateTargets) {
            target.literal().ifPresent(address -> check(label, Optional.empty(), address));
            if (target.literal().isEmpty()) {
                checkName(label, target.host());
            }
        }
        return target.uri();
    }

    private void checkName(String label, String host) {
        if (isLocalhostName(host)) {
            throw new TargetRefusedException(label + " host " + host + " is " + AddressRanges.LOOPBACK
                    + "; outgoing calls to private addresses are refused (" + SETTING + ")");
        }
        if (METADATA_NAMES.contains(host.endsWith(".") ? host.substring(0, host.length() - 1) : host)) {
            throw new TargetRefusedException(label + " host " + host + " is " + AddressRanges.METADATA
                    + "; outgoing calls to private addresses are refused (" + SETTING + ")");
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return;
        }
        if (addresses != null) {
            addresses.forEach(address -> check(label, Optional.of(host), address));
        }
    }

    /** Resolves a callback URL for a call; see {@link #resolve(String, String)}. */
    public ResolvedTarget resolve(String url) throws UnknownHostException {
        return resolve(DEFAULT_LABEL, url);
    }

    /**
     * Resolves the URL's host (blocking on DNS with the system resolver) and checks every address it has.
     *
     * @throws TargetRefusedException when the URL or any of its addresses is refused; retrying will not help
     * @throws UnknownHostException   when the name does not resolve now; a later attempt may succeed
     */
    public ResolvedTarget resolve(String label, String url) throws UnknownHostException {
        ResolvedTarget literal = literals.get(url);
        if (literal != null) {
            return literal;
        }
        TargetUrl target = TargetUrl.parse(label, url);
        List<InetAddress> addresses;
        if (target.literal().isPresent()) {
            addresses = List.of(target.literal().get());
        } else {
            addresses = resolver.resolve(target.host());
            if (addresses == null || addresses.isEmpty()) {
                throw new UnknownHostException(target.host() + " has no addresses");
            }
        }
        if (!allowPrivateTargets) {
            Optional<String> name = target.literal().isPresent() ? Optional.empty() : Optional.of(target.host());
            addresses.forEach(address -> check(label, name, address));
        }
        ResolvedTarget resolved = new ResolvedTarget(target.uri(), addresses);
        if (target.literal().isPresent()) {
            if (literals.size() >= MAX_LITERALS) {
                literals.clear();
            }
            literals.put(url, resolved); // an address never resolves differently: checked once
        }
        return resolved;
    }

    /**
     * The target of a URL whose host is an address, when it was resolved (and allowed) before: no DNS lookup and
     * no parsing, so a caller may use it on a thread that must not block. Empty means call {@link #resolve}.
     */
    public Optional<ResolvedTarget> known(String url) {
        return Optional.ofNullable(literals.get(url));
    }

    private static void check(String label, Optional<String> name, InetAddress address) {
        AddressRanges.forbidden(address).ifPresent(kind -> {
            throw new TargetRefusedException(label + name.map(n -> " host " + n).orElse("") + " resolves to "
                    + address.getHostAddress() + ", " + kind
                    + "; outgoing calls to private addresses are refused (" + SETTING + ")");
        });
    }

    // RFC 6761: these names are loopback by definition, so they are refused before any DNS is asked.
    private static boolean isLocalhostName(String host) {
        return host.equals("localhost") || host.endsWith(".localhost");
    }
}
