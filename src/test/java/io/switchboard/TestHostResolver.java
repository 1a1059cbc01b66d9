package io.switchboard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

import io.switchboard.outbound.HostResolver;

/**
 * The system resolver, except that names under {@code .loopback.test} resolve to 127.0.0.1 (a name that resolves
 * to loopback on every machine), and names under {@code .rebind.test} resolve to a public address the first time
 * and to 127.0.0.1 from then on: DNS rebinding, a name that passes the check at configuration time and must be
 * refused at the call.
 */
@ApplicationScoped
public class TestHostResolver {

    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    HostResolver resolver() {
        HostResolver system = HostResolver.system();
        Set<String> looked = ConcurrentHashMap.newKeySet();
        return host -> {
            if (host.endsWith(".rebind.test")) {
                byte[] address = looked.add(host) ? new byte[] { 93, (byte) 184, (byte) 216, 34 }
                        : new byte[] { 127, 0, 0, 1 };
                return List.of(InetAddress.getByAddress(host, address));
            }
            if (host.endsWith(".loopback.test")) {
                try {
                    return List.of(InetAddress.getByAddress(host, new byte[] { 127, 0, 0, 1 }));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
            return system.resolve(host);
        };
    }
}
