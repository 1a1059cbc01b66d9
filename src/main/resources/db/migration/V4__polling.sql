-- Polling state of an instance, written only by io.switchboard.poll (in SQL, never through the Instance entity, so
-- that an instance update cannot write back a stale schedule or watermark).
--   next_poll_at   when the next poll is due; NULL = not polled. While a poll runs it holds the lease's expiry.
--   poll_watermark the start of the last successful poll (or the moment polling was enabled)
--   last_poll_at   the start of the last poll attempt, what an interval change reschedules from
--   poll_lease     the token of the running poll's lease: its commit succeeds only while it still holds it
--   poll_boundary  (objectId, updatedDate) pairs already reported that the next poll's window still covers
ALTER TABLE instance ADD COLUMN last_poll_at  TIMESTAMPTZ;
ALTER TABLE instance ADD COLUMN poll_lease    TEXT;
ALTER TABLE instance ADD COLUMN poll_boundary JSONB;
