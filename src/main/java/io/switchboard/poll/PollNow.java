package io.switchboard.poll;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.switchboard.error.HubError;
import io.switchboard.element.EventKeys;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.instance.Instances;

/**
 * A poll of one instance now, on request: what {@code POST /instances/{id}/events/poll} and the console's "Poll now"
 * run. It takes the instance's poll lease as the scheduler does and runs the same {@link PollRunner}; the next
 * scheduled poll counts its interval from this one.
 */
@ApplicationScoped
public class PollNow {

    /** A poll that ran: its receipt (null when nothing changed since the last poll), events and notifications. */
    public record Result(String receiptId, int events, int notifications) {
    }

    @Inject Instances instances;
    @Inject PollLedger ledger;
    @Inject PollRunner runner;

    /** Whether the instance is polled ({@code event.vendor.type} is {@code polling}), so that polling now applies. */
    public static boolean applies(InstanceSettings settings) {
        return PollSchedule.polling(settings);
    }

    /**
     * Polls the organization's instance now. Refused with a 404 for another organization's instance, a 409 when it
     * is not polled, disabled, has events off or is being polled, and a 502 naming the vendor's failure (with the
     * failed poll's {@code receiptId}, which the event log shows too).
     */
    public Result run(long organizationId, long id) {
        long instanceId = instances.find(organizationId, id).id;
        InstanceSettings settings = ledger.read(instanceId).map(PollLedger.Polled::instance)
                .orElseThrow(() -> HubError.notFound("no instance has id " + id));
        if (!PollSchedule.polling(settings)) {
            throw HubError.conflict("instance " + id + " is not polled: " + EventKeys.VENDOR_TYPE + " is "
                    + settings.vendorType() + "; set it to polling");
        }
        if (settings.disabled()) {
            throw HubError.conflict("instance " + id + " is disabled; enable it (PUT /instances/" + id
                    + "/enabled) to poll it");
        }
        if (!settings.eventsEnabled()) {
            throw HubError.conflict("events are not enabled for instance " + id + " (" + EventKeys.ENABLED + ")");
        }
        Lease lease = ledger.leaseNow(instanceId).orElseThrow(() -> HubError.conflict("a poll of instance " + id
                + " is running now; try again when it has ended"));
        PollRunner.Outcome outcome = runner.run(lease).join();
        if (outcome.failure() != null) {
            Map<String, Object> extensions = new LinkedHashMap<>();
            if (outcome.receiptId() != null) {
                extensions.put("receiptId", outcome.receiptId());
            }
            throw new HubError(HubError.Kind.UPSTREAM_FAILED, "the poll failed: " + outcome.failure().reason(), List.of(), extensions);
        }
        if (outcome.skipped()) {
            throw HubError.conflict("instance " + id + " stopped being polled while the poll ran");
        }
        return new Result(outcome.receiptId(), outcome.events(), outcome.notifications());
    }
}
