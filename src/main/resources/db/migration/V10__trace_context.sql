-- Trace context (API.md §7): the W3C trace a receipt belongs to, the span that stored it (the parent of every
-- callback attempt's span) and the vendor's tracestate to pass on. NULL on receipts stored before.
ALTER TABLE receipt ADD COLUMN trace_id TEXT;
ALTER TABLE receipt ADD COLUMN trace_span_id TEXT;
ALTER TABLE receipt ADD COLUMN trace_state TEXT;

-- Elements' numeric ids (API.md §3): built-ins have theirs below 1001 in their files; custom elements' ids are
-- their rows', moved up out of that range.
UPDATE element SET id = id + 1000 WHERE id < 1001;
DO $$ BEGIN
    PERFORM setval('element_id_seq', greatest(1001, (SELECT coalesce(max(id), 0) + 1 FROM element)), false);
END $$;
