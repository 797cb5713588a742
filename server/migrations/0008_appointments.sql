-- Booked visits: a time, an errand, a counsellor and the six-digit code the
-- resident types at the kiosk. Nothing about the person. Kept with the
-- tickets of their day and purged with them; the daily figures keep only
-- counts and waits.
CREATE TABLE appointments (
    id         TEXT PRIMARY KEY,          -- a UUID
    site       TEXT NOT NULL,
    day        TEXT NOT NULL,             -- YYYY-MM-DD of `at`, site-local
    at         INTEGER NOT NULL,          -- the booked time, Unix ms
    errand     TEXT NOT NULL,
    counsellor TEXT NOT NULL,
    code       TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('booked', 'arrived', 'cancelled')),
    ticket     TEXT,                      -- the ticket's id once arrived
    booked_by  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    -- A code names one visit of its site and day, cancelled ones included:
    -- a resident holding a cancelled code is told so, not given another's.
    UNIQUE (site, day, code)
);
