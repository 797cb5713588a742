-- The trail entry of each ticket's latest call or recall. A display board
-- that reconnects asks for the calls after the last one it heard; with this
-- column that is a look at today's called tickets of one site (the
-- tickets_by_status index), never a walk along the whole trail.
ALTER TABLE tickets ADD COLUMN call_seq INTEGER;
