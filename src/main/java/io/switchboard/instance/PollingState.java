package io.switchboard.instance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The poll schedule kept on the instance row ({@code next_poll_at}, {@code poll_lease}, {@code poll_watermark},
 * {@code poll_boundary}, {@code last_poll_at}), as polling reads and moves it. Each method is one statement on a
 * connection of the caller's transaction; a lease is a token that a poll's end must still hold.
 */
public interface PollingState {

    /**
     * An instance leased for a poll.
     *
     * @param due       its {@code next_poll_at} before the lease (null: it was not scheduled)
     * @param watermark the start of the previous successful poll (or when polling was enabled)
     * @param boundary  pairs already reported that the window covers, as stored (JSON), or null
     */
    record Leased(long instanceId, Instant due, Instant watermark, String boundary) {
    }

    /**
     * Leases up to {@code max} due, live, enabled instances, the longest due first, skipping rows another node has
     * locked: each is due again at {@code until} (when the lease ends) under lease {@code token}.
     */
    List<Leased> leaseDue(int max, Instant now, Instant until, String token);

    /**
     * Leases the live instance now, unless a poll of it holds a lease not yet expired; its watermark starts now if it
     * had none.
     */
    Optional<Leased> leaseNow(long instanceId, Instant now, Instant until, String token);

    /** Locks the instance row until the transaction ends; true when {@code token} is still its lease. */
    boolean holds(long instanceId, String token);

    /** A successful poll under {@code token}: the new watermark and boundary, due again at {@code next}. */
    void commit(long instanceId, String token, Instant watermark, String boundary, Instant next);

    /**
     * Gives lease {@code token} back: due at {@code next} (null: not due); {@code forget} drops the schedule, the
     * watermark and the boundary instead.
     */
    void release(long instanceId, String token, Instant next, boolean forget);

    /** The instance no longer polls: no schedule, lease, watermark or boundary. */
    void forget(long instanceId);

    /**
     * Schedules a polling instance after a change: its watermark starts now if it had none; not due unless
     * {@code pollable}; a running poll's lease is left alone; else due {@code interval} after the last poll (or the
     * watermark).
     */
    void schedule(long instanceId, Instant now, boolean pollable, Duration interval);

    /** The instance is deleted: not due, no lease. */
    void unschedule(long instanceId);

    /** When the next live, enabled instance is due; empty when none is scheduled. */
    Optional<Instant> nextDue();
}
