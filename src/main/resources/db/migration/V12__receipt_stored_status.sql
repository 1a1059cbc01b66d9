-- The event log filtered by a stored status (REJECTED, DUPLICATE, a failed poll) reads these rows alone instead of
-- the instance's whole log. Partial: a webhook stored RECEIVED (the common case) adds no entry, so the ingest path
-- pays only the predicate check.
CREATE INDEX receipt_instance_stored_status ON receipt (instance_id, status, received_at DESC, id DESC)
    WHERE status <> 'RECEIVED';
