-- The receipt writer inserts a batch of receipts with their events, notifications and deliveries in one statement,
-- children only for receipts inserted by it, so these foreign keys never catch anything there; yet each costs, per
-- inserted row, a lookup of the parent and a lock on it (a WAL record). Retention deletes the children explicitly.
-- The keys of rarer rows (attempts, subscription notifications) stay and still cascade.
ALTER TABLE event DROP CONSTRAINT event_receipt_id_fkey;
ALTER TABLE notification DROP CONSTRAINT notification_receipt_id_fkey;
ALTER TABLE delivery DROP CONSTRAINT delivery_notification_id_fkey;

COMMENT ON TABLE delivery_attempt IS
    'Failed attempts of a delivery, with their errors; the successful attempt is the delivery row itself '
    '(last_attempt_at, last_status_code, delivered_at).';
