-- Signed-in console sessions (API.md §12). The cookie holds a random id; only its hash is kept here.
-- organization_id and user_id are null for an admin session (signed in with the admin key).
CREATE TABLE console_session (
    id_hash         TEXT PRIMARY KEY,
    csrf_token      TEXT        NOT NULL,
    organization_id BIGINT REFERENCES organization (id) ON DELETE CASCADE,
    user_id         BIGINT REFERENCES app_user (id) ON DELETE CASCADE,
    admin           BOOLEAN     NOT NULL DEFAULT false,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX console_session_last_seen ON console_session (last_seen_at);

-- The console's overview counts and charts read an organization's recent receipts and deliveries.
CREATE INDEX receipt_organization_time ON receipt (organization_id, received_at);
CREATE INDEX delivery_organization_time ON delivery (organization_id, created_at);
CREATE INDEX delivery_organization_open ON delivery (organization_id, status, url)
    WHERE status IN ('PENDING', 'FAILED', 'QUEUED');
