package io.switchboard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

import io.switchboard.delivery.HostResolver;

/**
 * The system resolver, except that names under {@code .loopback.test} resolve to 127.0.0.1: a name that
 * resolves to loopback on every machine, for the send-time SSRF tests.
 */
@ApplicationScoped
public class TestHostResolver {

    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    HostResolver resolver() {
        HostResolver system = HostResolver.system();
        return host -> {
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
