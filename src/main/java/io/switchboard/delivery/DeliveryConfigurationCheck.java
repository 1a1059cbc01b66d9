package io.switchboard.delivery;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.switchboard.error.FieldError;
import io.switchboard.element.EventKeys;
import io.switchboard.instance.ConfigurationCheck;
import io.switchboard.outbound.TargetRefusedException;

/** The delivery keys of an instance's configuration: the notification options, the callback URL and the key. */
@ApplicationScoped
class DeliveryConfigurationCheck implements ConfigurationCheck {

    @Inject Destinations destinations;

    @Override
    public void checkValues(Map<String, String> effective, List<FieldError> errors) {
        check(effective, EventKeys.NOTIFICATION_FORMAT, errors, DeliveryOptions::checkFormat);
        check(effective, EventKeys.NOTIFICATION_RETRY_SCHEDULE, errors, DeliveryOptions::checkRetrySchedule);
        check(effective, EventKeys.NOTIFICATION_TIMEOUT, errors, DeliveryOptions::checkTimeout);
    }

    @Override
    public void checkTargets(Map<String, String> effective, List<FieldError> errors) {
        String url = effective.get(EventKeys.CALLBACK_URL);
        if (url != null && !url.isBlank()) {
            try {
                destinations.checkConfigured(EventKeys.CALLBACK_URL, url); // http(s) by the guard, kafka: by its own
            } catch (TargetRefusedException e) {
                errors.add(new FieldError(EventKeys.CALLBACK_URL, e.getMessage()));
            }
        }
        String signatureKey = effective.get(EventKeys.SIGNATURE_KEY);
        if (signatureKey != null && !signatureKey.isEmpty()) {
            try {
                DeliverySigner.checkKey(signatureKey);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(EventKeys.SIGNATURE_KEY, e.getMessage()));
            }
        }
    }

    private static void check(Map<String, String> effective, String key, List<FieldError> errors,
            Function<String, String> check) {
        String value = effective.get(key);
        if (value != null && !value.isBlank()) {
            String problem = check.apply(value.trim());
            if (problem != null) {
                errors.add(new FieldError(key, problem));
            }
        }
    }
}
