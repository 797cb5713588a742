-- Alerts: a visitor's request for help from a kiosk, and a counsellor's
-- alarm. Kept with the tickets of their day and purged with them; the daily
-- figures keep only counts and the time until someone acknowledged.
CREATE TABLE alerts (
    id              TEXT PRIMARY KEY,         -- the sender's UUID
    site            TEXT NOT NULL,
    day             TEXT NOT NULL,            -- YYYY-MM-DD, site-local
    kind            TEXT NOT NULL CHECK (kind IN ('help', 'alarm')),
    kiosk           TEXT,                     -- help: which kiosk
    counsellor      TEXT,                     -- alarm: who raised it
    desk            TEXT,                     -- alarm: where
    language        TEXT,                     -- help: the visitor's language
    created_at      INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'acknowledged')),
    acknowledged_by TEXT,
    acknowledged_at INTEGER,
    request         TEXT NOT NULL             -- normalised request, for idempotency
);
CREATE INDEX alerts_by_day ON alerts (site, day);
