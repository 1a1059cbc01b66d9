package io.switchboard.instance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.All;
import io.switchboard.error.FieldError;
import io.switchboard.error.HubError;
import io.switchboard.element.ElementDescriptor;
import io.switchboard.element.EventKeys;
import io.switchboard.outbound.TargetGuard;
import io.switchboard.outbound.TargetRefusedException;

/**
 * Checks an instance's configuration as it will be, on every create and change: the element's rules and the
 * {@link ConfigurationCheck}s of the packages above, then the outgoing URLs against the address guard.
 */
@ApplicationScoped
class InstanceValidation {

    @Inject TargetGuard targetGuard;
    @Inject @All List<ConfigurationCheck> checks;

    /** Throws a 400 naming every key that is wrong. */
    void validate(ElementDescriptor element, Map<String, String> configuration) {
        ConfigurationValues.validate(element, configuration, checks);
        List<FieldError> errors = new ArrayList<>();
        // Keys that name a URL the hub calls are refused when they point inside (API.md §12); the descriptor says
        // which they are; the callback URL, a key of every element, is the delivery check's.
        for (String key : element.outboundUrlKeys()) {
            String url = configuration.get(key);
            if (url != null && !url.isBlank() && !key.equals(EventKeys.CALLBACK_URL)) {
                try {
                    targetGuard.checkConfigured(key, url.trim());
                } catch (TargetRefusedException e) {
                    errors.add(new FieldError(key, e.getMessage()));
                }
            }
        }
        checks.forEach(check -> check.checkTargets(configuration, errors));
        if (!errors.isEmpty()) {
            throw new HubError(HubError.Kind.INVALID, errors.stream().map(FieldError::message)
                    .reduce((a, b) -> a + "; " + b).orElse(""), errors, Map.of());
        }
    }
}
