package io.switchboard.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a host name into addresses; replaceable so that tests can resolve names without DNS. */
@FunctionalInterface
public interface HostResolver {

    /** Every address of {@code host}; never empty. Blocks on DNS for the system resolver. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
