package io.switchboard.poll;

import java.time.Instant;

/**
 * This node's claim on one poll of an instance: until {@code start} plus the lease, no other poll of it starts, and
 * the poll's results commit only while {@code token} is still the instance's lease.
 *
 * @param start     when the poll started: its {@code pollDate} and, if it succeeds, the new watermark
 * @param due       when it was due ({@code next_poll_at} before the lease), for the lag
 * @param watermark the start of the previous successful poll (or when polling was enabled)
 * @param boundary  pairs already reported that this window covers, as stored (JSON), or null
 */
record Lease(long instanceId, String token, Instant start, Instant due, Instant watermark, String boundary) {
}
