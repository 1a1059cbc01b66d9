-- Deliveries resumed from QUEUED are sent one at a time per organization and URL, oldest first (API.md §7): a claim
-- takes such a delivery only when no older one of its URL is still PENDING, on any node.
ALTER TABLE delivery ADD COLUMN in_order boolean NOT NULL DEFAULT false;
CREATE INDEX delivery_in_order_pending ON delivery (organization_id, url, id) WHERE in_order AND status = 'PENDING';
