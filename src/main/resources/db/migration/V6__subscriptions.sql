-- SAP-Gateway-style subscriptions (API.md §8): a user's interest in one collection of one instance (instance_id)
-- or of all the organization's instances of an element (element_key), optionally filtered.
CREATE TABLE subscription (
    id                    TEXT PRIMARY KEY,
    organization_id       BIGINT      NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    user_id               BIGINT      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    title                 TEXT,
    instance_id           BIGINT      REFERENCES instance (id) ON DELETE CASCADE,
    element_key           TEXT,
    collection            TEXT        NOT NULL,
    filter                TEXT        NOT NULL DEFAULT '',
    change_types          TEXT[]      NOT NULL,
    delivery_address      TEXT,
    persist_notifications BOOLEAN     NOT NULL DEFAULT false,
    -- the push format, fixed at subscribe time by Accept
    format                TEXT        NOT NULL CHECK (format IN ('json', 'atom')),
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((instance_id IS NULL) <> (element_key IS NULL))
);
CREATE INDEX subscription_user ON subscription (organization_id, user_id, created_at);

-- One matching event for one subscription: the JSON notification as pushed and pulled. A push is a delivery
-- row with target 'subscription:<this id>'; the feed is the rows with in_feed. Rows go with their receipt
-- (retention) or their subscription.
CREATE TABLE subscription_notification (
    id              TEXT PRIMARY KEY,
    seq             BIGSERIAL   NOT NULL,
    subscription_id TEXT        NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    organization_id BIGINT      NOT NULL,
    user_id         BIGINT      NOT NULL,
    receipt_id      TEXT        NOT NULL REFERENCES receipt (id) ON DELETE CASCADE,
    notification    TEXT        NOT NULL,
    in_feed         BOOLEAN     NOT NULL,
    -- the writing transaction: the feed's delta token uses it so that a transaction that commits late with a
    -- lower seq is not skipped
    txid            BIGINT      NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX subscription_notification_feed ON subscription_notification (organization_id, user_id, seq)
    WHERE in_feed;
CREATE INDEX subscription_notification_receipt ON subscription_notification (receipt_id);
CREATE INDEX subscription_notification_subscription ON subscription_notification (subscription_id);
