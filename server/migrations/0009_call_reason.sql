-- Why a counsellor called this visitor out of turn ("Call this visitor"),
-- set only when someone else would have been next for them: booked,
-- interpreter, returning or other. The dashboard counts these, so that
-- calling out of turn stays visible.
ALTER TABLE tickets ADD COLUMN call_reason TEXT;
