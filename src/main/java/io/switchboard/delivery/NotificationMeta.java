package io.switchboard.delivery;

import java.time.Instant;

import io.switchboard.trace.TraceContext;

/**
 * What a callback needs beside its body: the CloudEvents attributes (API.md §7) and the receipt's trace.
 *
 * @param time  when the receipt was accepted, or the poll started
 * @param trace the receipt's trace; null for one stored before traces were kept
 */
public record NotificationMeta(String eventId, long instanceId, String elementKey, String receiptId, int page,
        int pages, Instant time, TraceContext trace) {
}
