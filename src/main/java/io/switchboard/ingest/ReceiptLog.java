package io.switchboard.ingest;

import java.util.List;

import io.switchboard.event.ReceiptStore;

/**
 * The receipt log (API.md §11, {@code switchboard.ingest.log=kafka}): accepted receipts are appended to it instead of
 * being committed to the database before the vendor's answer; every hub node stores them from there
 * ({@link LoggedReceipts}). Implemented outside this package (the {@code kafka} package), so that ingest knows no
 * log.
 */
public interface ReceiptLog {

    /**
     * Appends the receipts, their ids and their notifications' ids chosen; returns once the log has acknowledged
     * every one of them.
     *
     * @throws io.switchboard.error.HubError of kind UNAVAILABLE when the log cannot take them now (the vendor is
     *                                       told to send again)
     */
    void append(List<ReceiptStore.Write> writes);
}
