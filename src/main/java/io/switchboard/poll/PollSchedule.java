package io.switchboard.poll;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.switchboard.error.HubError;
import io.switchboard.element.EventKeys;
import io.switchboard.element.rule.PolledResource;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.instance.Instances;
import io.switchboard.instance.PollingState;

/**
 * Keeps an instance's poll schedule in step with its configuration, in the transaction that changes it: when
 * {@code event.vendor.type} becomes {@code polling} the watermark starts (the first poll reports what changed since);
 * a new interval counts from the last poll's start; a disabled instance, or one with events off, is not due; an
 * instance that stops polling forgets its watermark. While a poll runs, its end schedules the next one from the
 * configuration it then reads. A polled instance's {@code event.poller.configuration} is checked here, so that a
 * mistake is a 400 of the request that makes it.
 */
@ApplicationScoped
class PollSchedule {

    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);
    static final Duration MIN_INTERVAL = Duration.ofSeconds(6);

    @Inject Instances instances;
    @Inject PollingState polling;
    @Inject Clock clock;

    /** {@code event.vendor.type} is {@code polling}. */
    static boolean polling(InstanceSettings settings) {
        return "polling".equals(settings.vendorType());
    }

    /** Polled now: polling, enabled, with events on. */
    static boolean pollable(InstanceSettings settings) {
        return polling(settings) && !settings.disabled() && settings.eventsEnabled();
    }

    /** {@code event.poller.refresh_interval} minutes (fractions allowed), at least 6 s; 15 min when unreadable. */
    static Duration interval(InstanceSettings settings) {
        String minutes = settings.get(EventKeys.POLLER_REFRESH_INTERVAL).orElse(null);
        if (minutes == null) {
            return DEFAULT_INTERVAL;
        }
        try {
            long millis = new BigDecimal(minutes.trim()).movePointRight(3).multiply(BigDecimal.valueOf(60))
                    .longValue();
            return millis < MIN_INTERVAL.toMillis() ? MIN_INTERVAL : Duration.ofMillis(millis);
        } catch (NumberFormatException | ArithmeticException e) {
            return DEFAULT_INTERVAL;
        }
    }

    void changed(@Observes Instances.InstanceChanged change) {
        InstanceSettings settings = instances.settings(change.instanceId()).orElse(null);
        if (settings == null) {
            return;
        }
        Instant now = clock.instant();
        if (!polling(settings)) {
            polling.forget(settings.id());
            return;
        }
        if (pollable(settings)) {
            // refused in the changing request (400), rather than failing every poll afterwards
            try {
                PolledResource.parseAll(settings.get(EventKeys.POLLER_CONFIGURATION).orElse(null), Map.of());
            } catch (IllegalArgumentException e) {
                throw HubError.invalidField(EventKeys.POLLER_CONFIGURATION, e.getMessage()
                        .startsWith(EventKeys.POLLER_CONFIGURATION + " ")
                                ? e.getMessage().substring(EventKeys.POLLER_CONFIGURATION.length() + 1)
                                : "is invalid: " + e.getMessage());
            }
        }
        polling.schedule(settings.id(), now, pollable(settings), interval(settings));
    }

    void deleted(@Observes Instances.InstanceDeleted deletion) {
        polling.unschedule(deletion.instanceId());
    }
}
