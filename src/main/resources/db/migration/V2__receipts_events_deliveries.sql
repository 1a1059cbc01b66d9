-- One vendor webhook or one poll run. The body is stored once, as received; notifications refer to it and
-- are rendered when sent. Status here is only RECEIVED, REJECTED or DUPLICATE: whether a receipt is
-- DISPATCHED, NOTIFIED or FAILED is derived from its deliveries when read, so that recording a delivery
-- attempt never writes to the receipt.
CREATE TABLE receipt (
    id                 TEXT PRIMARY KEY,
    organization_id    BIGINT      NOT NULL,
    instance_id        BIGINT      NOT NULL,
    element_key        TEXT        NOT NULL,
    source             TEXT        NOT NULL CHECK (source IN ('webhook', 'polling')),
    status             TEXT        NOT NULL CHECK (status IN ('RECEIVED', 'REJECTED', 'DUPLICATE', 'FAILED')),
    reason             TEXT,
    vendor_delivery_id TEXT,
    duplicate_of       TEXT,
    content_type       TEXT,
    body_kind          TEXT        NOT NULL DEFAULT 'json' CHECK (body_kind IN ('json', 'form', 'xml', 'text')),
    body               TEXT,
    event_count        INT         NOT NULL DEFAULT 0,
    notification_count INT         NOT NULL DEFAULT 0,
    poll_date          TIMESTAMPTZ,
    received_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX receipt_instance_time ON receipt (instance_id, received_at DESC);
CREATE INDEX receipt_received_at ON receipt (received_at);
-- A vendor retry of the same delivery finds the original here.
CREATE UNIQUE INDEX receipt_vendor_delivery ON receipt (instance_id, vendor_delivery_id)
    WHERE vendor_delivery_id IS NOT NULL AND status = 'RECEIVED';

CREATE TABLE event (
    receipt_id   TEXT        NOT NULL REFERENCES receipt (id) ON DELETE CASCADE,
    seq          INT         NOT NULL,
    event_type   TEXT        NOT NULL,
    object_type  TEXT,
    object_id    TEXT,
    event_date   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (receipt_id, seq)
);

-- One page of a receipt's events: events first_event..last_event (0-based, inclusive).
CREATE TABLE notification (
    id           TEXT PRIMARY KEY,
    receipt_id   TEXT        NOT NULL REFERENCES receipt (id) ON DELETE CASCADE,
    page         INT         NOT NULL,
    pages        INT         NOT NULL,
    first_event  INT         NOT NULL,
    last_event   INT         NOT NULL,
    -- A polling page carries its resource's raw objects; null means the receipt's body.
    raw          TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX notification_receipt ON notification (receipt_id);

-- A notification to one target. Claimed by moving next_attempt_at forward by a lease (FOR UPDATE SKIP LOCKED),
-- so that a node that dies mid-send leaves the row due again when the lease ends.
CREATE TABLE delivery (
    id               BIGSERIAL PRIMARY KEY,
    notification_id  TEXT        NOT NULL REFERENCES notification (id) ON DELETE CASCADE,
    organization_id  BIGINT      NOT NULL,
    instance_id      BIGINT      NOT NULL,
    target           TEXT        NOT NULL DEFAULT 'callback',
    url              TEXT        NOT NULL,
    status           TEXT        NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'QUEUED', 'CANCELLED')),
    attempts         INT         NOT NULL DEFAULT 0,
    -- attempts since the delivery was created or last redelivered: what the retry schedule counts
    round_attempts   INT         NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ,
    last_attempt_at  TIMESTAMPTZ,
    last_status_code INT,
    last_error       TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    delivered_at     TIMESTAMPTZ
);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX delivery_notification ON delivery (notification_id);
CREATE INDEX delivery_instance_status ON delivery (instance_id, status, id);
CREATE INDEX delivery_queued_url ON delivery (organization_id, url, id) WHERE status = 'QUEUED';

CREATE TABLE delivery_attempt (
    id           BIGSERIAL PRIMARY KEY,
    delivery_id  BIGINT      NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
    attempt      INT         NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL,
    status_code  INT,
    latency_ms   INT,
    error        TEXT
);
CREATE INDEX delivery_attempt_delivery ON delivery_attempt (delivery_id);

-- Callback URLs paused by the 'queue' failure policy, per organization.
CREATE TABLE paused_target (
    organization_id BIGINT      NOT NULL,
    url             TEXT        NOT NULL,
    paused_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, url)
);
