-- Deliveries that go out in a lane (API.md §7): an ordered instance's callbacks ('instance:<id>', one at a time) and
-- a replay's ('rpl_…', a few at a time). A laned delivery waits PENDING with no next_attempt_at, so the claim never
-- sees it, until its lane has room: then, under the lane's advisory lock, the lowest ids are made due (DeliveryLanes).
-- Deliveries of no lane (NULL) are claimed as before; this column and the partial index cost them nothing.
ALTER TABLE delivery ADD COLUMN lane TEXT;
-- Laned deliveries only (lane IS NOT NULL): what waits, in order; what is under way (a window's worth); and counts
-- by status for a replay's progress.
CREATE INDEX delivery_lane_waiting ON delivery (lane, id)
    WHERE lane IS NOT NULL AND status = 'PENDING' AND next_attempt_at IS NULL;
CREATE INDEX delivery_lane_due ON delivery (lane)
    WHERE lane IS NOT NULL AND status = 'PENDING' AND next_attempt_at IS NOT NULL;
CREATE INDEX delivery_lane_status ON delivery (lane, status) WHERE lane IS NOT NULL;
-- A lane that may have more than one delivery under way at once (a replay's); a lane not here has room for one.
CREATE TABLE delivery_lane (
    lane        TEXT PRIMARY KEY,
    -- 0: closed (a cancelled replay): nothing more of it is made due
    lane_window INT         NOT NULL CHECK (lane_window >= 0),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A replay (backfill) of an instance's stored notifications; its deliveries have target 'replay' and lane = id.
-- DONE is derived (nothing of it PENDING); only CANCELLED is stored.
CREATE TABLE replay (
    id              TEXT PRIMARY KEY,
    organization_id BIGINT      NOT NULL,
    instance_id     BIGINT      NOT NULL,
    url             TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('RUNNING', 'CANCELLED')),
    from_at         TIMESTAMPTZ NOT NULL,
    to_at           TIMESTAMPTZ NOT NULL,
    receipts        INT         NOT NULL,
    notifications   INT         NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX replay_instance ON replay (instance_id);
