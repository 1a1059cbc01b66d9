package io.switchboard.history;

/**
 * The status of a receipt as the API shows it (API.md §7). REJECTED, DUPLICATE and FAILED (a failed poll) are
 * stored; the others are derived from the receipt's deliveries when read (event.Receipts), so a delivery attempt
 * never writes to its receipt.
 */
public enum ReceiptStatus {
    /** Stored, and nothing to deliver (no callback URL, no matching subscription). */
    RECEIVED,
    /** Every delivery delivered (or cancelled with its instance). */
    NOTIFIED,
    /** Some delivery is still being sent or retried, or is queued behind a paused URL. */
    DISPATCHED,
    /** A failed poll, or some delivery failed and none is still under way. */
    FAILED,
    /** The vendor's request was refused: a bad signature or an unparseable body. */
    REJECTED,
    /** A vendor retry of a delivery already received. */
    DUPLICATE
}
