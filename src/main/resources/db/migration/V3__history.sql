-- The event log pages by (received_at, id) newest first within an instance: an index in exactly that order
-- serves every page, including the retention job's removal of a deleted instance's receipts. It supersedes
-- receipt_instance_time.
CREATE INDEX receipt_instance_page ON receipt (instance_id, received_at DESC, id DESC);
DROP INDEX receipt_instance_time;

-- The deliveries list without a status filter pages by id within an instance (delivery_instance_status serves
-- the filtered list).
CREATE INDEX delivery_instance_page ON delivery (instance_id, id);
