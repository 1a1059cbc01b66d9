package io.switchboard.outbound;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The address guard every outgoing call goes through. The setting is read by name (it is declared, with its
 * default, in {@code SwitchboardConfig}) so that this package depends on nothing of the hub above it.
 */
@ApplicationScoped
public class OutboundProducers {

    @Produces
    @ApplicationScoped
    HostResolver hostResolver() {
        return HostResolver.system();
    }

    @Produces
    @ApplicationScoped
    TargetGuard targetGuard(@ConfigProperty(name = TargetGuard.SETTING, defaultValue = "false")
            boolean allowPrivateTargets, HostResolver resolver) {
        return new TargetGuard(allowPrivateTargets, resolver);
    }
}
