package io.switchboard.delivery;

import io.switchboard.outbound.TargetRefusedException;
import io.switchboard.outbound.TargetGuard;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Where a notification URL leads: http and https to the {@link CallbackSender} (the default, checked by the
 * {@link TargetGuard}), any other scheme to the {@link DeliveryDestination} that serves it. Configuration checks
 * (the instance's callback URL, a replay's) and the worker ask here, so a new destination applies everywhere.
 */
@ApplicationScoped
public class Destinations {

    private final TargetGuard guard;
    private final DeliveryDestination[] others;

    @Inject
    public Destinations(TargetGuard guard, Instance<DeliveryDestination> destinations) {
        this(guard, destinations.stream().toList());
    }

    Destinations(TargetGuard guard, List<DeliveryDestination> destinations) {
        this.guard = guard;
        this.others = destinations.toArray(DeliveryDestination[]::new);
    }

    /**
     * The destination of a stored delivery URL; null for an HTTP callback, which the worker sends itself. Called
     * for every delivery: an http(s) URL costs one prefix check.
     */
    public DeliveryDestination of(String url) {
        if (url.startsWith("http")) {
            return null;
        }
        for (DeliveryDestination destination : others) {
            if (url.startsWith(destination.prefix())) {
                return destination;
            }
        }
        return null;
    }

    /**
     * Checks a notification URL as it is configured and returns its canonical form: an http(s) URL by the
     * {@link TargetGuard} (surrounding spaces ignored, as they always were), any other by its destination.
     *
     * @param label how the URL is named in a refusal, e.g. {@code event.notification.callback.url}
     * @throws TargetRefusedException saying what to fix
     */
    public String checkConfigured(String label, String url) {
        String trimmed = url.trim();
        DeliveryDestination destination = of(trimmed);
        if (destination == null) {
            return guard.checkConfigured(label, trimmed).toString();
        }
        if (!trimmed.equals(url)) {
            throw new TargetRefusedException(label + " must not have spaces around it");
        }
        destination.checkConfigured(label, url);
        return url;
    }
}
