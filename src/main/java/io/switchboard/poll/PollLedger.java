package io.switchboard.poll;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.switchboard.element.ElementCatalog;
import io.switchboard.element.ElementDescriptor;
import io.switchboard.event.ReceiptStore;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.instance.Instances;
import io.switchboard.instance.PollingState;

/**
 * The transactions of polling: leasing due instances (through the instance's {@link PollingState}: {@code FOR UPDATE
 * SKIP LOCKED}, so that nodes sharing the database never poll one instance at once), and ending a poll. A successful poll's watermark, boundary pairs and
 * schedule are written in the same transaction as its receipt, events, notifications and deliveries, and only while
 * the poll still holds its lease; a failed poll keeps the watermark and logs a FAILED receipt.
 */
@ApplicationScoped
class PollLedger {

    /** What a poll's commit did: the stored receipt (null when nothing changed), or that it no longer counts. */
    record Finished(ReceiptStore.Stored stored, boolean discarded) {
    }

    @Inject PollingState polling;
    @Inject Instances instances;
    @Inject ElementCatalog catalog;
    @Inject ReceiptStore store;
    @Inject PollConfig config;
    @Inject Clock clock;

    /** Leases up to {@code max} due instances, the longest due first. */
    @Transactional
    List<Lease> leaseDue(int max) {
        Instant now = clock.instant();
        String token = UUID.randomUUID().toString();
        return polling.leaseDue(max, now, now.plus(config.lease()), token).stream()
                .map(leased -> new Lease(leased.instanceId(), token, now, leased.due(), leased.watermark(),
                        leased.boundary()))
                .toList();
    }

    /** Leases one instance now, unless a poll of it is running (its lease not yet expired). */
    @Transactional
    Optional<Lease> leaseNow(long instanceId) {
        Instant now = clock.instant();
        String token = UUID.randomUUID().toString();
        return polling.leaseNow(instanceId, now, now.plus(config.lease()), token).map(leased -> new Lease(
                leased.instanceId(), token, now, leased.due() == null || leased.due().isAfter(now) ? now
                        : leased.due(), leased.watermark(), leased.boundary()));
    }

    /** The instance as a poll reads it, and its element; empty when deleted. */
    record Polled(InstanceSettings instance, Optional<ElementDescriptor> element) {
    }

    @Transactional
    Optional<Polled> read(long instanceId) {
        return instances.settings(instanceId).map(instance -> new Polled(instance,
                catalog.find(instance.organizationId(), instance.elementKey())));
    }

    /**
     * Commits a successful poll. The instance row is locked first and the configuration read after, so that a
     * change committed meanwhile decides the next poll; an instance that is no longer polled keeps nothing.
     *
     * @param resources the resources that changed (none: only the watermark moves, nothing is logged)
     * @param body      the receipt body: every resource's raw by name
     */
    @Transactional
    Finished succeed(Lease lease, List<ReceiptStore.PollResource> resources, String boundary, String body) {
        if (!holds(lease)) {
            return new Finished(null, true);
        }
        Optional<InstanceSettings> settings = instances.settings(lease.instanceId());
        if (settings.isEmpty() || !PollSchedule.pollable(settings.get())) {
            release(lease, null, settings.isEmpty() || !PollSchedule.polling(settings.get()));
            return new Finished(null, true);
        }
        polling.commit(lease.instanceId(), lease.token(), lease.start(), boundary, next(lease, settings.get()));
        if (resources.stream().allMatch(r -> r.events().isEmpty())) {
            return new Finished(null, false);
        }
        InstanceSettings instance = settings.get();
        ReceiptStore.Incoming incoming = new ReceiptStore.Incoming(instance, "polling", "application/json", "json",
                body, Optional.empty(), clock.instant(), lease.start());
        List<String> targets = instance.get(io.switchboard.element.EventKeys.CALLBACK_URL).map(List::of)
                .orElse(List.of());
        return new Finished(store.storePoll(incoming, resources.stream().filter(r -> !r.events().isEmpty())
                .toList(), io.switchboard.event.Pages.POLL_PAGE_SIZE, targets), false);
    }

    /**
     * Ends a failed poll: the watermark stays, the failure is logged with its reason, and the instance is due again
     * after its interval.
     *
     * @return the FAILED receipt's id, or empty when the poll no longer held its lease
     */
    @Transactional
    Optional<String> fail(Lease lease, PollFailure failure) {
        if (!holds(lease)) {
            return Optional.empty();
        }
        Optional<InstanceSettings> settings = instances.settings(lease.instanceId());
        if (settings.isEmpty()) {
            release(lease, null, true);
            return Optional.empty();
        }
        release(lease, PollSchedule.pollable(settings.get()) ? next(lease, settings.get()) : null, false);
        String answer = failure.vendorAnswer();
        ReceiptStore.Incoming incoming = new ReceiptStore.Incoming(settings.get(), "polling",
                answer == null ? null : "text/plain", "text", answer, Optional.empty(), clock.instant(),
                lease.start());
        return Optional.of(store.failPoll(incoming, failure.reason()));
    }

    /** Gives a lease back without polling (the instance is not to be polled now): schedules by its settings. */
    @Transactional
    void skip(Lease lease) {
        if (!holds(lease)) {
            return;
        }
        Optional<InstanceSettings> settings = instances.settings(lease.instanceId());
        boolean pollable = settings.isPresent() && PollSchedule.pollable(settings.get());
        release(lease, pollable ? next(lease, settings.get()) : null,
                settings.isEmpty() || !PollSchedule.polling(settings.get()));
    }

    private Instant next(Lease lease, InstanceSettings settings) {
        return lease.start().plus(PollSchedule.interval(settings));
    }

    /** Locks the instance row; true when the lease is still this poll's. */
    private boolean holds(Lease lease) {
        return polling.holds(lease.instanceId(), lease.token());
    }

    private void release(Lease lease, Instant next, boolean forget) {
        polling.release(lease.instanceId(), lease.token(), next, forget);
    }
}
