-- Outbound messages (API.md §9). Every message sent through a twilio instance is kept here: a synchronous send
-- once Twilio took it (id = Twilio's SID), an async one from the 202 on (id = msg_<ULID>). For async messages
-- the row is also the send queue: next_attempt_at is set while a send is due, or claimed (then it is the end of
-- the lease), and NULL once the message is settled.
CREATE TABLE message (
    id              TEXT        PRIMARY KEY,
    organization_id BIGINT      NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    instance_id     BIGINT      NOT NULL REFERENCES instance (id) ON DELETE CASCADE,
    to_number       TEXT        NOT NULL,
    from_number     TEXT        NOT NULL,
    body            TEXT,
    media_urls      JSONB       NOT NULL DEFAULT '[]',
    num_segments    INT         NOT NULL,
    -- accepted / sending (the hub's, before Twilio took it), Twilio's status once it did, or failed
    status          TEXT        NOT NULL,
    twilio_sid      TEXT,
    twilio_code     INT,
    reason          TEXT,
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    date_created    TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX message_due ON message (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX message_instance_sid ON message (instance_id, twilio_sid) WHERE twilio_sid IS NOT NULL;
CREATE INDEX message_settled ON message (updated_at) WHERE next_attempt_at IS NULL;

-- The most advanced status Twilio's status callbacks reported for a message. Kept apart from message so that a
-- callback that arrives before the send has recorded the SID is not lost; a lower rank never replaces a higher
-- one, so callbacks that arrive out of order cannot move a message back (sent after delivered).
CREATE TABLE message_status (
    instance_id     BIGINT      NOT NULL REFERENCES instance (id) ON DELETE CASCADE,
    twilio_sid      TEXT        NOT NULL,
    status          TEXT        NOT NULL,
    rank            INT         NOT NULL,
    error_code      INT,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (instance_id, twilio_sid)
);
CREATE INDEX message_status_updated ON message_status (updated_at);
